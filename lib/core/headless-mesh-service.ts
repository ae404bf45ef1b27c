/**
 * A headless Service for pods that talk to each other or are called by pod IP
 * (gossip, per-pod scraping), plus the Istio policy that makes that traffic
 * work under mTLS. Props are resolved into a checked spec
 * (`headless-mesh-service/resolve.ts`), then rendered (`headless-mesh-service/render.ts`).
 */
import { guardProps } from './istio-target';
import { HeadlessMeshServiceManifests, HeadlessMeshServiceProps } from './headless-mesh-service/props';
import { renderHeadlessMeshService } from './headless-mesh-service/render';
import { resolveHeadlessMeshServiceSpec } from './headless-mesh-service/resolve';

export * from './headless-mesh-service/props';
export { resolveHeadlessMeshServiceSpec } from './headless-mesh-service/resolve';
export { renderHeadlessMeshService } from './headless-mesh-service/render';
export { governingServiceName } from './headless-mesh-service/target';

/** Builds the headless Service and its Istio policy. Throws an {@link IstioDirectError} on bad input. */
export function buildHeadlessMeshService(props: HeadlessMeshServiceProps): HeadlessMeshServiceManifests {
  return renderHeadlessMeshService(guardProps('HeadlessMeshService', props, resolveHeadlessMeshServiceSpec));
}
