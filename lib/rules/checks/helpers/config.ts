/** The text of the ConfigMaps a workload's pods mount (app config files: redis.conf, zoo.cfg). */
import { ResourceIndex, WorkloadInfo } from '../../types';
import { recordOf, stringOf } from '../../values';

/** Every data value of every ConfigMap the pods mount as a volume, joined by newlines ('' when none). */
export function mountedConfigText(set: WorkloadInfo, index: ResourceIndex): string {
  const texts: string[] = [];
  for (const name of set.configMapVolumes) {
    for (const object of index.objectsNamed('ConfigMap', set.namespace, name)) {
      const data = recordOf(object.raw.data) ?? {};
      texts.push(...Object.values(data).map((v) => stringOf(v) ?? ''));
    }
  }
  return texts.join('\n');
}
