import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writePacing } from "../../../src/adapters/github/write-pacing.ts";

/**
 * The pace on a fake clock: how many of a burst of writes have gone out after each
 * stretch of (fake) time. Counting on a fake clock keeps real time out of the test.
 */
describe("writePacing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function done(group: ReturnType<typeof writePacing>["write"], jobs: number, steps: readonly number[]): Promise<number[]> {
    let finished = 0;
    for (let i = 0; i < jobs; i++) void group.key("installation").schedule(async () => void finished++);
    const seen: number[] = [];
    for (const ms of steps) {
      await vi.advanceTimersByTimeAsync(ms);
      seen.push(finished);
    }
    return seen;
  }

  it.each([
    { name: "lets an event's burst of writes go at once, then one a second", group: "write" as const, jobs: 14, steps: [200, 1000, 1000, 1000, 1000], expected: [10, 11, 12, 13, 14] },
    { name: "lets five comments or PRs go at once, then one every 3 s", group: "notifications" as const, jobs: 8, steps: [200, 1000, 2000, 3000, 3000], expected: [5, 5, 6, 7, 8] },
    { name: "refills the bucket while idle, to its size and no more", group: "write" as const, jobs: 3, steps: [200, 60_000], expected: [3, 3] },
  ])("$name", async ({ group, jobs, steps, expected }) => {
    const pacing = writePacing();

    expect(await done(pacing[group], jobs, steps)).toEqual(expected);
  });

  it("sustains the plugin's own pace over a minute: 10 + 60 writes, 5 + 20 comments", async () => {
    const pacing = writePacing();

    expect(await done(pacing.write, 200, [60_500])).toEqual([70]);
    expect(await done(pacing.notifications, 100, [60_500])).toEqual([25]);
  });
});
