/**
 * Networks on the real engine: built-in ones marked and not removable, names the engine
 * should refuse, create, two containers that reach each other by alias and by name on a
 * user network (the run options of runAdditions), removal refused while containers are
 * attached, also stopped ones. Only this test run's networks and containers are touched.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EngineApi } from '../../src/engine/api/engineApi';
import type { ContainerEngine } from '../../src/engine/engine';
import { AlreadyExistsError, InUseError } from '../../src/engine/inUseError';
import { BuiltInNetworkError, createNetwork, inspectNetwork, listNetworks, removeNetwork } from '../../src/engine/networks/networks';
import { InvalidNameError } from '../../src/engine/objectNames';
import { applyRunAdditions, runAdditionProblems, runAdditionWords } from '../../src/engine/runAdditions';
import { toCreateOptions } from '../../src/engine/runArgs';
import { mineLabel, realEngineApi, removeContainer } from '../support/engineApi';
import { removeTestContainers, testLabels, testRunId } from '../support/realEngine';

let engine: ContainerEngine;
let api: EngineApi;
const networkName = `cw-test-net-${testRunId}`;
const serverName = `cw-test-net-server-${testRunId}`;
const PYTHON = 'python:3.11-slim';

async function createOn(args: string[], additions: Parameters<typeof applyRunAdditions>[1], name?: string): Promise<string> {
  const options = applyRunAdditions(toCreateOptions({ image: PYTHON, args, labels: testLabels }), additions);
  const { Id } = await api.json<{ Id: string }>({ method: 'POST', path: '/containers/create', query: { name }, body: options });
  return Id;
}

async function runToEnd(id: string): Promise<{ code: number; output: string }> {
  await api.json({ method: 'POST', path: `/containers/${id}/start` });
  const { StatusCode } = await api.json<{ StatusCode: number }>({ method: 'POST', path: `/containers/${id}/wait`, timeoutMs: 0 });
  const logs = await api.stream({ method: 'GET', path: `/containers/${id}/logs`, query: { stdout: true, stderr: true } });
  const chunks: Buffer[] = [];
  for await (const chunk of logs.body) chunks.push(chunk as Buffer);
  // Without a TTY the log is framed (8-byte headers); the words are readable all the same.
  return { code: StatusCode, output: Buffer.concat(chunks).toString('latin1') };
}

before(async () => {
  ({ engine, api } = await realEngineApi());
});

after(async () => {
  await removeTestContainers(engine);
  for (const n of await listNetworks(api, { label: mineLabel })) await removeNetwork(api, n.id).catch(() => undefined);
});

describe('networks', { timeout: 180_000 }, () => {
  it('marks bridge, host and none as built in and refuses to remove them', async () => {
    const all = await listNetworks(api);
    for (const name of ['bridge', 'host', 'none']) {
      const network = all.find((n) => n.name === name);
      assert.equal(network?.builtIn, true, name);
      await assert.rejects(removeNetwork(api, name), BuiltInNetworkError);
    }
    assert.equal(all.find((n) => n.name === 'bridge')?.driver, 'bridge');
    assert.ok(await inspectNetwork(api, 'bridge'));
  });

  it('refuses a name outside the rule (the engine itself would take "a b"), saying the rule', async () => {
    await assert.rejects(
      createNetwork(api, { name: 'cw test net', labels: testLabels }),
      (err: unknown) => err instanceof InvalidNameError && /\[a-zA-Z0-9\]/.test(err.message),
    );
    assert.equal(await inspectNetwork(api, 'cw test net'), undefined);
  });

  it('creates a bridge network, once', async () => {
    const id = await createNetwork(api, { name: networkName, labels: testLabels });
    await assert.rejects(createNetwork(api, { name: networkName, labels: testLabels }), AlreadyExistsError);
    const [mine] = await listNetworks(api, { label: mineLabel });
    assert.deepEqual(
      [mine.id, mine.name, mine.driver, mine.scope, mine.builtIn, mine.containers],
      [id, networkName, 'bridge', 'local', false, []],
    );
  });

  it('two containers on it reach each other by alias and by name', async () => {
    const additions = { network: networkName, networkAliases: ['web'] };
    assert.deepEqual(runAdditionProblems(additions), []);
    assert.deepEqual(runAdditionWords(additions), ['--network', networkName, '--network-alias', 'web']);
    const server = await createOn(['python3', '-m', 'http.server', '8000'], additions, serverName);
    await api.json({ method: 'POST', path: `/containers/${server}/start` });
    const fetchBoth = [
      'import sys, time, urllib.request',
      'for host in ("web", sys.argv[1]):',
      '    for attempt in range(150):',
      '        try:',
      '            urllib.request.urlopen(f"http://{host}:8000/", timeout=2).read(); print("reached", host); break',
      '        except OSError:',
      '            time.sleep(0.2)',
      '    else:',
      '        sys.exit(f"could not reach {host}")',
    ].join('\n');
    const client = await createOn(['python3', '-c', fetchBoth, serverName], { network: networkName });
    const { code, output } = await runToEnd(client).finally(() => removeContainer(api, client));
    assert.equal(code, 0, output);
    assert.match(output, /reached web/);
    assert.match(output, new RegExp(`reached ${serverName}`));

    const [mine] = await listNetworks(api, { label: mineLabel });
    const member = mine.containers.find((c) => c.id === server);
    assert.equal(member?.state, 'running');
    assert.match(member?.ipv4 ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual(
      mine.containers.map((c) => c.id),
      [server],
      'the client is gone, the server is attached',
    );
  });

  it('is not removed while a container is attached, running or stopped', async () => {
    const [mine] = await listNetworks(api, { label: mineLabel });
    const server = mine.containers[0].id;
    const refusal = await removeNetwork(api, networkName).then(
      () => assert.fail('removed while in use'),
      (err: unknown) => err,
    );
    assert.ok(refusal instanceof InUseError, String(refusal));
    assert.match(refusal.message, new RegExp(`${serverName} \\(running\\)`));
    await api.json({ method: 'POST', path: `/containers/${server}/kill` });
    await api.json({ method: 'POST', path: `/containers/${server}/wait`, timeoutMs: 0 });
    await assert.rejects(
      removeNetwork(api, networkName),
      (err: unknown) => err instanceof InUseError && /\(exited\).*could not start again/.test(err.message),
    );
    await removeContainer(api, server);
    await removeNetwork(api, networkName);
    assert.equal(await inspectNetwork(api, networkName), undefined);
  });

  it('says an alias needs a user network', () => {
    assert.match(runAdditionProblems({ networkAliases: ['web'] }).join(' '), /needs a network of your own/);
    assert.match(runAdditionProblems({ network: 'bridge', networkAliases: ['web'] }).join(' '), /not on bridge/);
  });
});
