export { judgePullEvent, type PullEventVerdict } from "./judge-pull-event.ts";
