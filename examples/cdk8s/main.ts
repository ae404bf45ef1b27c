// `npm run synth` and `cdk8s synth` run this (cdk8s.yaml): one file per chart under dist/.
import { App } from 'cdk8s';
import { addExampleCharts } from './charts';
import { ScrapingChart } from './scraping';
import { addStatefulAppCharts } from './stateful-apps';

const app = new App();
addExampleCharts(app);
new ScrapingChart(app, 'scraping');
addStatefulAppCharts(app);
app.synth();
