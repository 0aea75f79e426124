import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLine } from '../../src/engine/streamDemux';
import { TransferTracker, decodeTransferMessage, phaseOf, type TransferSnapshot } from '../../src/engine/registry/transferProgress';
import { DIGEST, recordedPull, recordedPush } from '../support/recordedStreams';

function track(lines: string[]): { tracker: TransferTracker; snapshots: TransferSnapshot[] } {
  const tracker = new TransferTracker();
  const snapshots: TransferSnapshot[] = [];
  for (const line of lines) {
    if (tracker.accept(decodeTransferMessage(parseJsonLine(line)))) {
      snapshots.push(tracker.snapshot());
    }
  }
  return { tracker, snapshots };
}

describe('decodeTransferMessage', () => {
  it('reads a layer update with its bytes', () => {
    assert.deepEqual(decodeTransferMessage(JSON.parse(recordedPull[3])), {
      kind: 'layer',
      id: '5965468f778f',
      status: 'Downloading',
      current: 32768,
      total: 3001128,
    });
  });

  it('takes "Pulling from" as a general line although it carries the tag as its id', () => {
    assert.deepEqual(decodeTransferMessage(JSON.parse(recordedPull[0])), { kind: 'status', text: 'Pulling from explore/app' });
  });

  it('reads the digest of a pull, the digest line of a push, and the aux message', () => {
    assert.deepEqual(decodeTransferMessage(JSON.parse(recordedPull[10])), { kind: 'digest', digest: DIGEST });
    assert.deepEqual(decodeTransferMessage(JSON.parse(recordedPush[9])), { kind: 'digest', digest: DIGEST, size: 740, tag: 'x' });
    assert.deepEqual(decodeTransferMessage(JSON.parse(recordedPush[10])), { kind: 'digest', digest: DIGEST, tag: 'x', size: 740 });
  });

  it('reads errorDetail before anything else', () => {
    assert.deepEqual(decodeTransferMessage({ errorDetail: { message: 'no basic auth credentials' }, error: 'no basic auth credentials' }), {
      kind: 'error',
      message: 'no basic auth credentials',
    });
    assert.deepEqual(decodeTransferMessage({ error: 'only the old field ' }), { kind: 'error', message: 'only the old field' });
  });

  it('ignores what says nothing', () => {
    assert.equal(decodeTransferMessage(undefined), undefined);
    assert.equal(decodeTransferMessage({ progressDetail: {} }), undefined);
    assert.equal(decodeTransferMessage('text'), undefined);
  });

  it('drops negative or non-numeric byte counts', () => {
    assert.deepEqual(decodeTransferMessage({ status: 'Downloading', id: 'l', progressDetail: { current: -1, total: 'x' } }), {
      kind: 'layer',
      id: 'l',
      status: 'Downloading',
    });
  });
});

describe('phaseOf', () => {
  const phases: [string, string | undefined][] = [
    ['Pulling fs layer', 'waiting'],
    ['Waiting', 'waiting'],
    ['Preparing', 'waiting'],
    ['Downloading', 'downloading'],
    ['Verifying Checksum', 'downloaded'],
    ['Download complete', 'downloaded'],
    ['Extracting', 'extracting'],
    ['Pull complete', 'done'],
    ['Already exists', 'existing'],
    ['Pushing', 'uploading'],
    ['Pushed', 'done'],
    ['Layer already exists', 'existing'],
    ['Mounted from you/base', 'existing'],
    ['Retrying in 5 seconds', 'retrying'],
    ['Something new', undefined],
  ];
  for (const [status, phase] of phases) {
    it(`"${status}" is ${phase ?? 'unknown'}`, () => assert.equal(phaseOf(status), phase));
  }
});

describe('TransferTracker on a recorded pull', () => {
  it('counts bytes of total over the downloaded layer and the existing one apart', () => {
    const { snapshots } = track(recordedPull);
    const downloading = snapshots.find((s) => s.bytesDone === 1500000);
    assert.ok(downloading, 'a snapshot part-way through the download');
    assert.equal(downloading.bytesTotal, 3001128);
    assert.equal(downloading.layersExisting, 1);
    assert.equal(downloading.layersDone, 1);
  });

  it('does not run the bar twice while extracting', () => {
    const { snapshots } = track(recordedPull);
    const extracting = snapshots.filter((s) => s.layers.some((l) => l.phase === 'extracting'));
    assert.ok(extracting.length >= 2);
    for (const s of extracting) {
      assert.equal(s.bytesDone, 3001128);
    }
  });

  it("ends with every layer done, the digest and the engine's last words", () => {
    const { tracker } = track(recordedPull);
    const last = tracker.snapshot();
    assert.equal(last.layersDone, 2);
    assert.equal(last.layers.length, 2);
    assert.deepEqual(
      last.layers.map((l) => [l.id, l.phase, l.status]),
      [
        ['6a723cf32e36', 'existing', 'Already exists'],
        ['5965468f778f', 'done', 'Pull complete'],
      ],
    );
    assert.equal(last.status, 'Status: Downloaded newer image for 127.0.0.1:45123/explore/app:one');
    assert.deepEqual(tracker.digest, { digest: DIGEST });
    assert.equal(tracker.error, undefined);
  });
});

describe('TransferTracker on a recorded push', () => {
  it("never counts past a layer's size (a push counts compressed bytes against the uncompressed size)", () => {
    const { snapshots } = track(recordedPush);
    for (const s of snapshots) {
      assert.ok(s.bytesDone <= s.bytesTotal, `${s.bytesDone} <= ${s.bytesTotal}`);
    }
    assert.ok(snapshots.some((s) => s.bytesDone === 1475072));
  });

  it('counts "Mounted from" as a layer that was there already', () => {
    const { tracker } = track(recordedPush);
    const last = tracker.snapshot();
    assert.equal(last.layersExisting, 1);
    assert.equal(last.layersDone, 2);
    assert.equal(last.bytesDone, 3000000);
    assert.equal(last.bytesTotal, 3000000);
  });

  it('keeps the digest, the tag and the size from the digest line and aux', () => {
    const { tracker } = track(recordedPush);
    assert.deepEqual(tracker.digest, { digest: DIGEST, size: 740, tag: 'x' });
  });

  it('keeps the first error of a failed push', () => {
    const { tracker } = track([
      recordedPush[0],
      recordedPush[1],
      '{"errorDetail":{"message":"unauthorized: authentication required"},"error":"unauthorized: authentication required"}',
      '{"errorDetail":{"message":"a later one"},"error":"a later one"}',
    ]);
    assert.equal(tracker.error, 'unauthorized: authentication required');
  });

  it('keeps the phase of a layer whose status it does not know', () => {
    const { tracker } = track([
      '{"status":"Pushing","progressDetail":{"current":10,"total":100},"id":"l"}',
      '{"status":"Compressing","progressDetail":{},"id":"l"}',
    ]);
    assert.deepEqual(tracker.snapshot().layers[0], { id: 'l', phase: 'uploading', current: 10, total: 100, status: 'Compressing' });
  });
});
