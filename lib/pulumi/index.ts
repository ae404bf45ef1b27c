// Pulumi components. Import from 'istio-direct/pulumi'; this entry never loads cdk8s.
export * from './resources';
export * from './echo-service';
export * from './headless-mesh-service';
export * from './envoy-direct-pods';
export { WorkloadArgsTarget, workloadMismatches, WorkloadResourceTarget } from './workload-target';
