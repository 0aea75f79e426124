/**
 * A stand-in for `ssh … -- HOST docker system dial-stdio`, for unit tests of the ssh
 * transport without an sshd: run as a program (fakeSshProgram writes the script that
 * starts it), it reads the host from its arguments and acts as ssh would for it:
 *
 *   engine       an engine API over stdin/stdout (GET /version answers; GET /events never ends)
 *   unknown-key  ssh's batch-mode refusal of an unknown host key, exit 255
 *   no-docker    the remote shell's "docker: command not found", exit 127
 *   silent       never answers
 *
 * Each run appends "<pid> <args…>" to $FAKE_SSH_LOG, so a test sees what was run and can
 * check that the process is gone.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Duplex } from 'node:stream';

/** Writes an executable `ssh` in `dir` that runs this file with node; returns its path. */
export function fakeSshProgram(dir: string): string {
  const program = path.join(dir, 'ssh');
  fs.writeFileSync(program, `#!/bin/sh\nexec "${process.execPath}" "${__filename}" "$@"\n`, { mode: 0o755 });
  return program;
}

function serveEngine(): void {
  const socket = Duplex.from({ readable: process.stdin, writable: process.stdout }) as Duplex & Record<string, unknown>;
  for (const method of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref']) socket[method] = () => socket;
  const server = http.createServer((req, res) => {
    if (req.url?.includes('/events')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return; // a stream that never ends, as the engine's event stream
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ Version: 'fake-over-ssh', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64', pid: process.pid }));
  });
  server.emit('connection', socket);
  // dial-stdio ends when its stdin ends.
  process.stdin.on('end', () => process.exit(0));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (process.env.FAKE_SSH_LOG) fs.appendFileSync(process.env.FAKE_SSH_LOG, `${process.pid} ${args.join(' ')}\n`);
  const host = args[args.indexOf('--') + 1];
  if (host === 'engine') serveEngine();
  else if (host === 'unknown-key') {
    process.stderr.write('Host key verification failed.\r\n');
    process.exit(255);
  } else if (host === 'no-docker') {
    process.stderr.write('bash: line 1: docker: command not found\n');
    process.exit(127);
  } else setInterval(() => undefined, 1 << 30);
}
