/** Recognising an app by its container image or ports. */
import { RecipeDefinition } from './context';

/**
 * The repository path of an image reference, without registry, tag or digest:
 * `docker.io/bitnami/etcd:3.5.21` and `bitnami/etcd@sha256:...` -> `bitnami/etcd`,
 * `docker.io/library/redis:7` -> `redis`.
 */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0];
  const parts = noDigest.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) {
    parts.shift();
  }
  if (parts[0] === 'library' && parts.length > 1) {
    parts.shift();
  }
  const last = parts.length - 1;
  parts[last] = parts[last].split(':')[0];
  return parts.join('/').toLowerCase();
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
