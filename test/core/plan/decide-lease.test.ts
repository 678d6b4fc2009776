import { describe, expect, it } from "vitest";
import { decideLease, type LeaseView } from "../../../src/core/plan/index.ts";

const NOW = 1_000_000;
const me = { holder: "me@aaa", sha: "aaa", requestedAt: NOW - 10 };
const lease = (over: Partial<LeaseView>): LeaseView => ({ holder: "other@bbb", renewedAt: NOW - 1000, durationSeconds: 60, latest: undefined, ...over });

describe("decideLease", () => {
  it.each([
    { name: "takes a Lease nobody created", view: undefined, decision: { action: "take" } },
    { name: "takes a released Lease", view: lease({ holder: undefined }), decision: { action: "take" } },
    { name: "takes a Lease whose holder stopped renewing it", view: lease({ renewedAt: NOW - 61_000 }), decision: { action: "take" } },
    { name: "renews its own Lease", view: lease({ holder: "me@aaa" }), decision: { action: "take" } },
    { name: "waits for a live holder and records itself as the newest request", view: lease({}), decision: { action: "wait", holder: "other@bbb", recordLatest: true } },
    { name: "waits without rewriting when it is already the newest request", view: lease({ latest: { sha: "aaa", requestedAt: NOW - 10 } }), decision: { action: "wait", holder: "other@bbb", recordLatest: false } },
    { name: "gives up when a newer SHA was requested after it", view: lease({ latest: { sha: "ccc", requestedAt: NOW - 5 } }), decision: { action: "superseded", by: "ccc" } },
    { name: "gives up even on a free Lease when a newer SHA is queued", view: lease({ holder: undefined, latest: { sha: "ccc", requestedAt: NOW - 5 } }), decision: { action: "superseded", by: "ccc" } },
    { name: "outranks an older queued SHA", view: lease({ latest: { sha: "old", requestedAt: NOW - 500 } }), decision: { action: "wait", holder: "other@bbb", recordLatest: true } },
  ])("$name", ({ view, decision }) => {
    expect(decideLease(view, me, NOW)).toEqual(decision);
  });
});
