import type { EngineProgress } from "../core/engine/index.ts";
import type { KubeObject } from "../core/manifest/kube-object.ts";
import type { ResourceKey } from "../core/manifest/resource-key.ts";
import type { Clock, ClusterReader } from "./ports.ts";

/** First pause between reads of an engine object; it doubles up to {@link ENGINE_POLL_MAX_MS}. */
export const ENGINE_POLL_MIN_MS = 50;
/** Longest pause between reads: a slow engine costs one GET every two seconds. */
export const ENGINE_POLL_MAX_MS = 2000;

/** The end of a wait: the engine's verdict, or the last "waiting" reason with `timedOut`. */
export type EngineWait = EngineProgress & { readonly timedOut: boolean };

/**
 * Re-reads the engine object `key` until `evaluate` says done or failed, or the clock
 * passes `deadline` (ms since the epoch). Pauses start short and double, so an engine
 * that answers at once is seen at once and a slow one is not polled hard.
 */
export async function waitForEngine(params: { reader: Pick<ClusterReader, "readObjects">; key: ResourceKey; evaluate: (obj: KubeObject) => EngineProgress; deadline: number; clock: Clock; sleep: (ms: number) => Promise<void> }): Promise<EngineWait> {
  const { clock } = params;
  for (let pause = ENGINE_POLL_MIN_MS; ; pause = Math.min(pause * 2, ENGINE_POLL_MAX_MS)) {
    const obj = (await params.reader.readObjects([params.key])).get(params.key);
    const progress: EngineProgress = obj ? params.evaluate(obj) : { state: "waiting", reason: `${params.key} no longer exists` };
    if (progress.state !== "waiting") return { ...progress, timedOut: false };
    const left = params.deadline - clock.now().getTime();
    if (left <= 0) return { ...progress, timedOut: true };
    await params.sleep(Math.min(pause, left));
  }
}
