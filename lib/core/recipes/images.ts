/** Recognising an app by its container image or ports. */
import { RecipeDefinition } from './context';

/**
 * The repository path of an image reference, without registry, tag or digest:
 * `docker.io/bitnami/etcd:3.5.21` and `bitnami/etcd@sha256:...` -> `bitnami/etcd`,
 * `docker.io/library/redis:7` -> `redis`.
 */
export function imageRepository(image: string): string {
  // Read as one slice of the reference (no split arrays): run once per container of every input.
  const at = image.indexOf('@');
  const ref = at < 0 ? image : image.slice(0, at);
  let start = 0;
  const slash = ref.indexOf('/');
  if (slash >= 0 && isRegistry(ref, slash)) start = slash + 1;
  if (ref.startsWith('library/', start)) start += 'library/'.length;
  const colon = ref.indexOf(':', ref.lastIndexOf('/') + 1);
  return ref.slice(start, colon < 0 ? ref.length : colon).toLowerCase();
}

/** True when the first path segment of a reference (before `slash`) names a registry: it has a `.` or a `:`, or is `localhost`. */
function isRegistry(ref: string, slash: number): boolean {
  for (let i = 0; i < slash; i++) {
    const c = ref.charCodeAt(i);
    if (c === 0x2e || c === 0x3a) return true;
  }
  return slash === 'localhost'.length && ref.startsWith('localhost');
}

/** True when `image` is one of the app's known images (or a mirror of one: `<mirror>/bitnami/etcd`). */
export function imageMatches(def: RecipeDefinition, image: string): boolean {
  return repositoryMatches(def, imageRepository(image));
}

/** True when an image repository ({@link imageRepository}) is one of the app's known images, or a mirror of one. */
function repositoryMatches(def: RecipeDefinition, repo: string): boolean {
  return def.images.some((known) => isImageOrMirror(repo, known));
}

/** True when an image repository is `known`, or a mirror of it (`<mirror>/<known>`). */
export function isImageOrMirror(repo: string, known: string): boolean {
  return repo === known || (repo.length > known.length && repo.charCodeAt(repo.length - known.length - 1) === 0x2f && repo.endsWith(known));
}

/** True when a container with `image` and `ports` looks like the app: a known image, or one of its ports. */
export function containerLooksLike(def: RecipeDefinition, image: string | undefined, ports: readonly number[]): boolean {
  return repositoryLooksLike(def, image === undefined ? undefined : imageRepository(image), ports);
}

/**
 * {@link containerLooksLike} for an image whose repository ({@link imageRepository}) is known already:
 * callers matching one container against every app compute it once.
 */
export function repositoryLooksLike(def: RecipeDefinition, repo: string | undefined, ports: readonly number[]): boolean {
  if (repo !== undefined && repositoryMatches(def, repo)) {
    return true;
  }
  return def.wellKnownPorts.some((port) => ports.includes(port));
}
