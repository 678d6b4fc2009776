import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { AppError } from "../../errors.ts";

/**
 * Reads blobs through one long-lived `git cat-file --batch` process: requests are
 * pipelined on stdin and answers parsed in order from stdout, so reading a commit's
 * files costs one process, not one per file.
 */
export class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: { sha: string; resolve: (b: Buffer) => void; reject: (e: unknown) => void }[] = [];
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly repoDir: string) {}

  /** Returns the bytes of the blob `sha`. */
  read(sha: string): Promise<Buffer> {
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ sha, resolve, reject });
      child.stdin.write(`${sha}\n`);
    });
  }

  /** Ends the git process. Pending reads are rejected. */
  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn("git", ["cat-file", "--batch"], { cwd: this.repoDir });
    child.stdout.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    const fail = (reason: string) => {
      for (const p of this.pending.splice(0)) p.reject(new AppError("git-failed", `git cat-file failed in "${this.repoDir}": ${reason}`));
      this.child = undefined;
    };
    child.on("error", (e) => fail(e.message));
    child.on("exit", (code) => {
      if (this.pending.length > 0) fail(`exited with ${code}`);
    });
    // A forgotten close() must not keep the process alive.
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    this.child = child;
    return child;
  }

  private drain(): void {
    for (;;) {
      const head = this.pending[0];
      if (!head) return;
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString("utf8");
      const parts = header.split(" ");
      if (parts[1] === "missing") {
        this.buffer = this.buffer.subarray(newline + 1);
        this.pending.shift();
        head.reject(new AppError("git-failed", `blob ${head.sha} is missing from "${this.repoDir}"`));
        continue;
      }
      const size = Number(parts[2]);
      if (this.buffer.length < newline + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(newline + 1, newline + 1 + size));
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.pending.shift();
      head.resolve(body);
    }
  }
}
