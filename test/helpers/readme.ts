import * as fs from 'fs';
import * as path from 'path';

/** The ```ts blocks of the README, with the line each starts on. */
export function readmeTypeScriptBlocks(readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8')): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^```(ts|typescript)\s*$/.test(lines[i])) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end].startsWith('```')) end++;
      blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return blocks;
}

/** The fenced blocks of `text` in `language` (```ts also matches ```typescript), with the line each starts on. */
export function codeBlocks(text: string, language: 'ts' | 'json'): Array<{ line: number; code: string }> {
  const open = language === 'ts' ? /^```(ts|typescript)\s*$/ : /^```json\s*$/;
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (open.test(lines[i])) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end].startsWith('```')) end++;
      blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return blocks;
}
