import { describe, expect, it } from "vitest";
import { judgePullEvent } from "../../../src/core/events/index.ts";

const A = "a".repeat(40);
const B = "b".repeat(40);
const open = { number: 7, state: "open" as const, merged: false, headSha: A };

describe("judgePullEvent", () => {
  it.each([
    { name: "acts on an event about the PR's head while it is open", current: open, expected: { act: true } },
    { name: "leaves a PR merged since", current: { ...open, state: "closed" as const, merged: true }, expected: { act: false, reason: "merged" } },
    { name: "leaves a PR closed since", current: { ...open, state: "closed" as const }, expected: { act: false, reason: "closed" } },
    { name: "leaves an event about a head the PR no longer has", current: { ...open, headSha: B }, expected: { act: false, reason: "superseded" } },
    { name: "calls a PR merged and moved since merged, not superseded", current: { ...open, state: "closed" as const, merged: true, headSha: B }, expected: { act: false, reason: "merged" } },
  ])("$name", ({ current, expected }) => {
    expect(judgePullEvent({ eventHeadSha: A, current })).toMatchObject(expected);
  });

  it("says why in words, with both heads short", () => {
    const verdict = judgePullEvent({ eventHeadSha: A, current: { ...open, headSha: B } });

    expect(verdict.act === false && verdict.why).toBe("#7 moved from aaaaaaa to bbbbbbb after this event was sent; the event of the new head reports on it");
  });
});
