/** JSON paths in findings: the same formatter as the rules engine's (`lib/rules/paths.ts`). */
export { formatPath, joinPath, type PathSegment } from '../rules/paths';
