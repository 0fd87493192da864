import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Real `saps serve` child processes, on ephemeral ports (shutdown and multi-process tests). */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repositoryRoot, 'bin', 'saps.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function startServer(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve'], {
      cwd: repositoryRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    });
    let output = '';
    let url: string | undefined;
    const exited = new Promise<number | null>((done) =>
      child.on('exit', (code, signal) => {
        output += signal ? `\n(killed by ${signal})` : '';
        done(code);
      }),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`saps serve did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      url ??= /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url && output.includes('SAPS is running at')) {
        clearTimeout(timer);
        resolve({
          child,
          url,
          output: () => output,
          exited,
          async stop(graceMs = 30_000) {
            if (child.exitCode !== null || child.signalCode !== null) {
              return child.exitCode;
            }
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            const code = await exited;
            clearTimeout(killer);
            return code;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`saps serve exited with ${code} before it started:\n${output}`));
    });
  });
}
