/**
 * One long-lived `git cat-file --batch` process per repository: reading a blob or a
 * commit costs a pipe round trip instead of a process start, which keeps tree and
 * blob endpoints fast enough for the request-count benchmark.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/** A git object read from the repository. */
export interface GitObject {
  readonly sha: string;
  readonly type: "blob" | "tree" | "commit" | "tag";
  readonly content: Buffer;
}

interface Pending {
  resolve(obj: GitObject | undefined): void;
  reject(err: Error): void;
}

/** Reads objects through a persistent `git cat-file --batch`. */
export class CatFile {
  private proc: ChildProcessWithoutNullStreams | undefined;
  private buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];

  constructor(private readonly gitDir: string) {}

  /** Returns the object named by `rev` (a SHA or any revision), or undefined when missing. */
  read(rev: string): Promise<GitObject | undefined> {
    if (/[\n\r]/.test(rev)) return Promise.resolve(undefined);
    const proc = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      proc.stdin.write(`${rev}\n`);
    });
  }

  /** Stops the child process. */
  close(): void {
    this.proc?.stdin.end();
    this.proc?.kill();
    this.proc = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.proc) return this.proc;
    const proc = spawn("git", ["--git-dir", this.gitDir, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    proc.stdout.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    proc.on("exit", () => {
      for (const p of this.pending.splice(0)) p.reject(new Error("git cat-file exited"));
      if (this.proc === proc) this.proc = undefined;
    });
    proc.unref();
    this.proc = proc;
    return proc;
  }

  private drain(): void {
    for (;;) {
      const next = this.pending[0];
      const nl = this.buffer.indexOf(10);
      if (next === undefined || nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString("utf8");
      const parts = header.split(" ");
      if (parts.length !== 3) {
        // "<rev> missing" or "<rev> ambiguous"
        this.buffer = this.buffer.subarray(nl + 1);
        this.pending.shift();
        next.resolve(undefined);
        continue;
      }
      const size = Number(parts[2]);
      if (this.buffer.length < nl + 1 + size + 1) return;
      const content = Buffer.from(this.buffer.subarray(nl + 1, nl + 1 + size));
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      this.pending.shift();
      next.resolve({ sha: parts[0] ?? "", type: parts[1] as GitObject["type"], content });
    }
  }
}
