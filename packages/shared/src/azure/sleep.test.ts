import { expect, test } from '@jest/globals';
import { AzureError } from './gateway.ts';
import { sleep } from './sleep.ts';

const aborted = { code: 'Aborted', message: 'interrupted' };

test('waits, and leaves no listener on the signal', async () => {
  const controller = new AbortController();
  let added = 0;
  let removed = 0;
  const signal = controller.signal;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => {
    added++;
    add(...args);
  }) as typeof add;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
    removed++;
    remove(...args);
  }) as typeof remove;
  for (let i = 0; i < 3; i++) await sleep(1, signal);
  expect({ added, removed }).toEqual({ added: 3, removed: 3 });
  await expect(sleep(1)).resolves.toBeUndefined();
});

test('rejects with an Aborted AzureError when the signal aborts', async () => {
  const controller = new AbortController();
  const started = Date.now();
  const waiting = sleep(60_000, controller.signal);
  controller.abort();
  await expect(waiting).rejects.toBeInstanceOf(AzureError);
  await expect(waiting).rejects.toMatchObject(aborted);
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('rejects at once when the signal has already aborted', async () => {
  const started = Date.now();
  await expect(sleep(60_000, AbortSignal.abort())).rejects.toMatchObject(aborted);
  expect(Date.now() - started).toBeLessThan(5_000);
});
