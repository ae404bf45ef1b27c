/**
 * The Pulumi scraping example (examples/pulumi/scraping.ts) registers the cdk8s `ScrapingChart`'s objects, field for field.
 */
import { registrations, settle } from './mocks';
import { Testing } from 'cdk8s';
import { ScrapingChart } from '../../examples/cdk8s/scraping';
import { deployScraping } from '../../examples/pulumi/scraping';
import { normalize } from './normalize';

test('examples/pulumi scraping registers exactly the ScrapingChart objects', async () => {
  const scraping = deployScraping();
  await settle([...scraping.objects, ...scraping.components, ...scraping.components.flatMap((c) => c.resources)]);
  const registered = registrations.filter((r) => r.custom && r.type.startsWith('kubernetes:')).map((r) => r.inputs);
  const synthesized = Testing.synth(new ScrapingChart(Testing.app(), 'scraping'));
  expect(registered.length).toBe(synthesized.length);
  expect(normalize(registered)).toEqual(normalize(synthesized));
});
