import mongoose from 'mongoose';
import { z } from 'zod';
import type { Feature } from '../../../src/features/feature';
import { AppError } from '../../../src/shared/errors';

/** A point a handler stops at until the test opens it; `entered` tells the test it got there. */
export class Gate {
  private release: () => void = () => undefined;
  private arrive: () => void = () => undefined;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  readonly entered = new Promise<void>((resolve) => (this.arrive = resolve));

  async pass(): Promise<void> {
    this.arrive();
    await this.opened;
  }

  open(): void {
    this.release();
  }
}

export interface ProbeRun {
  user: string;
  text: string;
  start: number;
  end: number;
}

/**
 * A feature for pipeline tests: it records which handlers ran, for whom and when, waits at gates
 * the test opens, sleeps, or fails in the ways the processor must tell apart.
 */
export function createProbe() {
  const runs: ProbeRun[] = [];
  const gates = new Map<string, Gate>();
  const state = { failuresLeft: 0 };
  const gate = (name: string): Gate => {
    const found = gates.get(name) ?? new Gate();
    gates.set(name, found);
    return found;
  };
  const record = (user: string, text: string, start: number) => runs.push({ user, text, start, end: Date.now() });

  const feature: Feature = {
    name: 'probe',
    register({ router }) {
      router.pattern(/^wait (\S+)$/, async (ctx, match) => {
        const start = Date.now();
        await gate(match[1]).pass();
        record(ctx.userId, match[0], start);
        ctx.reply({ type: 'text', text: `passed ${match[1]}` });
      });
      router.pattern(/^slow (\d+)$/, async (ctx, match) => {
        const start = Date.now();
        await new Promise((r) => setTimeout(r, Number(match[1])));
        record(ctx.userId, match[0], start);
        ctx.reply({ type: 'text', text: `done ${match[1]}` });
      });
      router.pattern(/^note (\S+)$/, (ctx, match) => {
        record(ctx.userId, match[0], Date.now());
        ctx.reply({ type: 'text', text: `noted ${match[1]}` });
      });
      router.command(['boom'], (ctx) => {
        record(ctx.userId, 'boom', Date.now());
        throw new Error('handler exploded');
      });
      router.command(['flaky'], (ctx) => {
        if (state.failuresLeft > 0) {
          state.failuresLeft -= 1;
          throw new Error('flaky failure');
        }
        ctx.reply({ type: 'text', text: 'flaky ok' });
      });
      router.command(['bug'], (ctx) => {
        record(ctx.userId, 'bug', Date.now());
        throw new AppError('bug', 'common.errors.generic');
      });
      router.command(['too long'], (ctx) => {
        record(ctx.userId, 'too long', Date.now());
        ctx.reply({ type: 'text', text: 'ก'.repeat(5001) });
      });
      // A duplicate key whose value is the user's id: the driver's message then carries it.
      router.command(['twice'], async (ctx) => {
        const records = mongoose.connection.collection<{ _id: string }>('probe_records');
        await records.insertOne({ _id: `${ctx.userId} 0812345678` });
        await records.insertOne({ _id: `${ctx.userId} 0812345678` });
      });
      router.postback('probe.echo', z.object({ n: z.string() }), (ctx, { n }) => ctx.reply({ type: 'text', text: `echo ${n}` }));
    },
  };

  return {
    feature,
    runs,
    gate,
    state,
    /** Texts handled for one user, in the order they finished. */
    textsOf: (user: string) => runs.filter((r) => r.user === user).map((r) => r.text),
    reset() {
      runs.length = 0;
      for (const g of gates.values()) g.open();
      gates.clear();
      state.failuresLeft = 0;
    },
  };
}

/** Waits until `check` holds, polling; fails with `what` after `ms` (a wait, not a timing claim). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
