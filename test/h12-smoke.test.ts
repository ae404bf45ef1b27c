import { Testing } from 'cdk8s';
import { addStatefulAppCharts } from '../examples/cdk8s/stateful-apps';
import { stringify } from 'yaml';
const app = Testing.app();
const { stateful } = addStatefulAppCharts(app);
const objects = Testing.synth(stateful);
for (const o of objects) if (/sentinel|rabbit/.test(o.metadata.name)) console.log(stringify(o));
console.log(stateful.meshes['redis-sentinel'].recipeApplied, stateful.meshes['rabbitmq'].recipeApplied);
test('x',()=>{});
