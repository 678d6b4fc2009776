/**
 * `issue_comment.created`: reads Ferry's commands from a new comment by a person and
 * runs the matching workflow. Edits and comments by bots (Ferry included) are ignored.
 * Reactions acknowledge (👀) and tell the outcome (🚀 or 😕 with a reply saying why).
 */
import type { Context } from "probot";
import { parseCommands, type ParsedCommand } from "../../core/commands/index.ts";
import { renderHelp } from "../../core/promote/index.ts";
import type { Settings } from "../../config/index.ts";
import { isAppError } from "../../errors.ts";
import { mergePromotion } from "../../workflows/merge-promotion.ts";
import { promoteEnvironment } from "../../workflows/promote-environment.ts";
import { rollbackEnvironment } from "../../workflows/rollback-environment.ts";
import type { Conversation, PullInfo, RepoHost } from "../../workflows/ports.ts";
import type { AppDeps } from "./app-deps.ts";
import { loadSettings } from "./load-settings.ts";
import { createMarkedComment } from "./marked-comments.ts";
import { NO_RETRY } from "./create-once.ts";
import { OctokitRepoHost } from "./octokit-repo-host.ts";
import { applyCommit } from "./handle-apply-push.ts";
import { postPullDrift, replyDrift } from "./handle-drift-command.ts";
import type { GitHubClient } from "./github-client.ts";
import { publishReport } from "../../workflows/publish-report.ts";
import { code } from "../../core/report/markdown.ts";
import { runPolicyCheck } from "../../workflows/run-policy-check.ts";

type CommentContext = Context<"issue_comment.created">;

/** The most commands Ferry runs from one comment; the rest are answered in one reply. */
export const MAX_COMMANDS = 10;

/** Handles one `issue_comment.created` delivery. Never throws on user input. */
export async function handleIssueComment(context: CommentContext, deps: AppDeps): Promise<void> {
  const { comment, issue, sender } = context.payload;
  if (comment.user?.type === "Bot" || sender.type === "Bot") return;
  const commands = parseCommands(comment.body ?? "");
  if (commands.length === 0) return;

  const { owner, repo } = context.repo();
  const log = context.log.child({ repo: `${owner}/${repo}`, issue: issue.number, deliveryId: context.id });
  const host = new OctokitRepoHost({ octokit: context.octokit, owner, repo }, deps.blobCache);
  const conversation: Conversation = {
    // Once, even when an answer is lost: a bot comment with this text newer than the command is the reply.
    reply: (body) => createMarkedComment({ octokit: context.octokit, owner, repo }, { issueNumber: issue.number, body, isMine: (c) => c.id > comment.id && c.body === body }),
    react: async (content) => void (await context.octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: comment.id, content })),
  };

  // 👀 first, and it doubles as the record that this comment was taken up: GitHub answers
  // 200 instead of 201 when Ferry already reacted, so a redelivered webhook (or one that
  // reached two replicas) runs its commands once. Not retried by Octokit: a retry of a
  // reaction whose answer was lost would read as "already handled".
  const seen = await context.octokit.rest.reactions
    .createForIssueComment({ owner, repo, comment_id: comment.id, content: "eyes", ...NO_RETRY })
    .then((res) => (res.status as number) === 200, (error: unknown) => void log.warn({ err: error }, "reaction failed"));
  if (seen) {
    log.info({ commentId: comment.id }, "command comment already taken up; redelivery ignored");
    return;
  }
  let settings: Settings | undefined;
  try {
    settings = await loadSettings(context);
  } catch (error) {
    await fail(conversation, isAppError(error) ? error.message : "Ferry could not read `.github/ferry.yml`");
    if (!isAppError(error)) log.error({ err: error }, "settings load failed");
    return;
  }
  // One comment may hold several commands; each is answered, in order, up to a limit:
  // a comment of a thousand `/diff` lines must not become a thousand renders and replies.
  if (commands.length > MAX_COMMANDS) {
    await conversation.reply(`This comment has ${commands.length} commands; Ferry runs at most ${MAX_COMMANDS} from one comment, so only the first ${MAX_COMMANDS} (up to line ${commands[MAX_COMMANDS - 1]?.line ?? "?"}) run. Put the others in a new comment.`);
  }
  for (const command of commands.slice(0, MAX_COMMANDS)) {
    const started = performance.now();
    const outcome = { value: "ok" as "ok" | "refused" | "failed" };
    // The command's outcome is read from its reaction: 😕 means it was refused.
    const counted: Conversation = { reply: conversation.reply, react: async (content) => ((outcome.value = content === "confused" ? "refused" : outcome.value), conversation.react(content)) };
    try {
      await runCommand({ command, settings, host, client: { octokit: context.octokit, owner, repo }, log, conversation: counted, login: comment.user?.login ?? sender.login, issueNumber: issue.number, isPull: Boolean(issue.pull_request), deps });
    } catch (error) {
      outcome.value = "failed";
      log.error({ err: error, command: command.kind }, "command failed");
      const reason = isAppError(error) ? error.message : "Ferry hit an unexpected error; the details are in Ferry's log";
      await fail(conversation, `\`/${command.kind}\` failed: ${reason}`).catch(() => undefined);
    }
    deps.metrics?.command({ command: command.kind, outcome: outcome.value, seconds: (performance.now() - started) / 1000 });
  }
}

async function runCommand(params: { command: ParsedCommand; settings: Settings; host: RepoHost; client: GitHubClient; log: { warn(obj: object, msg: string): void }; conversation: Conversation; login: string; issueNumber: number; isPull: boolean; deps: AppDeps }): Promise<void> {
  const { command, settings, host, conversation, login } = params;
  switch (command.kind) {
    case "help":
      await conversation.reply(renderHelp(settings));
      await conversation.react("+1");
      return;
    case "invalid":
      await fail(conversation, renderHelp(settings, `${command.reason} (in ${code(command.command)})`));
      return;
    case "promote": {
      if (!settings.environments.some((e) => e.name === command.env)) {
        await fail(conversation, renderHelp(settings, `there is no environment "${command.env}"`));
        return;
      }
      const outcome = await promoteEnvironment({ host, settings, request: { envName: command.env, sha: command.sha, login } });
      if (outcome.status === "refused") return fail(conversation, `Cannot promote to ${command.env}: ${outcome.reason}.`);
      if (outcome.status === "up-to-date") {
        await conversation.reply(`${command.env} already has \`${outcome.sha.slice(0, 7)}\`; nothing to promote.`);
        return conversation.react("+1");
      }
      await conversation.reply(`${outcome.status === "opened" ? "Opened" : "Updated"} #${outcome.pull.number}: promotes \`${outcome.sha.slice(0, 7)}\` (${outcome.commits} commit${outcome.commits === 1 ? "" : "s"}) to ${command.env}. Review the report there, then comment \`/merge\`.`);
      return conversation.react("rocket");
    }
    case "merge": {
      if (!params.isPull) return fail(conversation, "`/merge` works on promotion pull requests.");
      const judgePolicy = async (pull: PullInfo) => {
        const judged = await runPolicyCheck({ host, settings, pull, renderers: params.deps.renderers });
        return { passed: judged.status === "skipped" || judged.conclusion !== "failure" };
      };
      const outcome = await mergePromotion({ host, settings, pullNumber: params.issueNumber, login, judgePolicy });
      if (outcome.status === "refused") return fail(conversation, `Cannot merge: ${outcome.reason}.`);
      await conversation.reply(
        outcome.status === "merged"
          ? `Fast-forwarded \`${outcome.branch}\` to \`${outcome.sha.slice(0, 7)}\`. ${outcome.env} will be applied from that commit.`
          : `\`${outcome.branch}\` is already at \`${outcome.sha.slice(0, 7)}\`.`,
      );
      return conversation.react("rocket");
    }
    case "diff": {
      if (!params.isPull) return fail(conversation, "`/diff` works on pull requests into an environment branch.");
      // /diff is "render it again now": read the base branch afresh rather than the PR's recorded base.sha.
      const { baseSha: _stale, ...pull } = await host.getPull(params.issueNumber);
      const posted = await publishReport({ host, settings, pull, renderers: params.deps.renderers });
      if (!posted) return fail(conversation, `#${pull.number} does not target an environment branch (${settings.environments.map((e) => `\`${e.branch}\``).join(", ")}).`);
      await runPolicyCheck({ host, settings, pull, renderers: params.deps.renderers });
      // The live drift is its own comment, refreshed too (it never throws; the diff is already up).
      await postPullDrift({ host, settings, pull, deps: params.deps, log: params.log });
      return conversation.react("+1");
    }
    case "rollback": {
      const env = settings.environments.find((e) => e.name === command.env);
      if (command.now) {
        const teams = env?.rollback.breakGlass ?? [];
        const allowed = [];
        for (const team of teams) if (await host.isTeamMember(team, login)) allowed.push(team);
        if (allowed.length === 0) {
          const who = teams.length > 0 ? teams.map((t) => `@${t}`).join(", ") : "nobody (`rollback.breakGlass` is empty in .github/ferry.yml)";
          return fail(conversation, `\`/rollback ${command.env} --now\` applies at once, without review, and is limited to ${who}; @${login} is not one of them. Use \`/rollback ${command.env}\` and \`/merge\`.`);
        }
        if (!params.deps.connectCluster) return fail(conversation, "`--now` needs cluster credentials, and this Ferry has none; use `/rollback` and `/merge`.");
      }
      const outcome = await rollbackEnvironment({ host, settings, envName: command.env, sha: command.sha, login, breakGlass: command.now });
      if (outcome.status === "refused") return fail(conversation, `Cannot roll back ${command.env}: ${outcome.reason}.`);
      if (command.now && env && params.deps.connectCluster) {
        // Break glass: apply the rollback commit now, under the same lock and staged apply;
        // the PR still records it in git and /merge makes the branch match what runs.
        const applied = await applyCommit({ client: params.client, deps: { ...params.deps, connectCluster: params.deps.connectCluster }, environment: env, sha: outcome.commit, description: `Break-glass rollback of ${env.name} to ${outcome.target.slice(0, 7)} by @${login} (#${outcome.pull.number})` });
        await conversation.reply(`Break-glass rollback: applied \`${outcome.target.slice(0, 7)}\`'s tree to ${env.name} (${applied.status}). The cluster runs it now; #${outcome.pull.number} records it in git: comment \`/merge\` there so \`${env.branch}\` matches what runs.`);
        return conversation.react(applied.status === "applied" ? "rocket" : "confused");
      }
      await conversation.reply(`${outcome.status === "opened" ? "Opened" : "Updated"} #${outcome.pull.number}: rolls ${command.env} back to \`${outcome.target.slice(0, 7)}\` by fast-forward to \`${outcome.commit.slice(0, 7)}\`. Review it, then comment \`/merge\` there.`);
      return conversation.react("rocket");
    }
    case "drift":
      return replyDrift({ host, settings, envName: command.env, deps: params.deps, conversation });
  }
}

async function fail(conversation: Conversation, message: string): Promise<void> {
  await conversation.reply(message);
  await conversation.react("confused");
}
