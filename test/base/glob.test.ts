import { compileGlob } from '../../lib/base/glob';

describe('compileGlob', () => {
  it.each([
    // A pattern without `/` matches a name at any depth, and everything under a matching folder.
    ['*.tmpl.yaml', 'a.tmpl.yaml', true],
    ['*.tmpl.yaml', 'deploy/x/a.tmpl.yaml', true],
    ['*.tmpl.yaml', 'a.yaml', false],
    ['fixtures', 'test/fixtures/a.yaml', true],
    ['fixtures', 'test/fixtures2/a.yaml', false],
    ['a?.yaml', 'ab.yaml', true],
    ['a?.yaml', 'a/.yaml', false],
    ['[ab].yaml', 'b.yaml', true],
    ['[!ab].yaml', 'b.yaml', false],
    ['[!ab].yaml', 'c.yaml', true],
    // A pattern with `/` is anchored at its base.
    ['charts/**', 'charts/web/templates/a.yaml', true],
    ['charts/**', 'x/charts/web.yaml', false],
    ['deploy/*.json', 'deploy/a.json', true],
    ['deploy/*.json', 'deploy/x/a.json', false],
    ['**/old/*.yaml', 'old/a.yaml', true],
    ['**/old/*.yaml', 'a/b/old/a.yaml', true],
    ['./deploy/old/', 'deploy/old/a.yaml', true],
    ['a.b', 'aXb', false],
    ['(x)+', '(x)+', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(compileGlob(pattern).matches(path)).toBe(expected);
  });

  it('refuses an empty pattern', () => {
    expect(() => compileGlob(' / ')).toThrow('glob " / " is empty');
  });
});
