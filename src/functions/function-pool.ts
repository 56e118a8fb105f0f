/**
 * The execution environments of one function: an idle environment of the current configuration is
 * reused before a new one is created (most recently used first, so the others can go idle and be
 * reaped); an environment idle for `idleTimeoutMs` of clock time is reaped; a new configuration
 * (a generation) gets fresh environments while busy ones of the old generation finish and then go.
 * Concurrency limits are checked by the runtime before it calls `invoke`.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { Environment, type EnvironmentInvocation, type EnvironmentResult } from './environment.js';
import type { ResolvedFunction } from './function-config.js';
import type { RunnerFactory } from './runner.js';
import type { FunctionLogLine } from './types.js';

export interface FunctionPoolOptions {
  fn: ResolvedFunction;
  clock: Clock;
  region: string;
  idleTimeoutMs: number;
  initTimeoutMs: number;
  createRunner: RunnerFactory;
  emit(line: FunctionLogLine): void;
}

/** The environments of one function. */
export class FunctionPool {
  readonly #options: FunctionPoolOptions;
  #fn: ResolvedFunction;
  #generation = 0;
  readonly #all = new Set<Environment>();
  /** Claimable environments (idle or still initialising), most recently used last. */
  #idle: Environment[] = [];
  readonly #reapTimers = new Map<Environment, TimerHandle>();
  #closed = false;

  constructor(options: FunctionPoolOptions) {
    this.#options = options;
    this.#fn = options.fn;
  }

  get fn(): ResolvedFunction {
    return this.#fn;
  }

  /** Environments alive and how many are busy. */
  stats(): { total: number; busy: number } {
    let busy = 0;
    for (const env of this.#all) if (env.state === 'busy') busy++;
    return { total: this.#all.size, busy };
  }

  /** A new configuration (or new code): idle environments go, busy ones go when they finish. */
  update(fn: ResolvedFunction): void {
    this.#fn = fn;
    this.#generation++;
    const idle = this.#idle;
    this.#idle = [];
    for (const env of idle) void this.#dispose(env);
  }

  /**
   * Starts one environment ahead of traffic, so the first request finds it initialised; resolves
   * when its init is over. Nothing happens if the current configuration has an environment.
   */
  prewarm(): Promise<void> {
    for (const env of this.#all) if (env.generation === this.#generation) return Promise.resolve();
    if (this.#closed) return Promise.resolve();
    const env = this.#create();
    this.#idle.push(env);
    this.#armReap(env);
    return env.ready();
  }

  /** Runs one invocation on an idle or new environment. */
  async invoke(inv: EnvironmentInvocation): Promise<EnvironmentResult> {
    if (this.#closed) return { kind: 'shutdown' };
    const env = this.#claim() ?? this.#create();
    env.state = 'busy';
    let result: EnvironmentResult;
    try {
      result = await env.invoke(inv);
    } catch (e) {
      void this.#dispose(env);
      throw e;
    }
    this.#release(env, result);
    return result;
  }

  /** Disposes every environment (busy ones are killed); resolves when all are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#idle = [];
    await Promise.all([...this.#all].map((env) => this.#dispose(env)));
  }

  /** Removes environments as soon as they are idle; the pool takes no new work. */
  drain(): Promise<void> {
    this.#closed = true;
    const idle = this.#idle;
    this.#idle = [];
    return Promise.all(idle.map((env) => this.#dispose(env))).then(() => undefined);
  }

  #claim(): Environment | undefined {
    for (;;) {
      const env = this.#idle.pop();
      if (env === undefined) return undefined;
      if (env.state !== 'disposed' && env.generation === this.#generation) return env;
      void this.#dispose(env);
    }
  }

  #create(): Environment {
    const env = new Environment({
      fn: this.#fn,
      generation: this.#generation,
      clock: this.#options.clock,
      region: this.#options.region,
      initTimeoutMs: this.#options.initTimeoutMs,
      createRunner: this.#options.createRunner,
      emit: (line) => this.#options.emit(line),
      onLost: (lost) => {
        this.#idle = this.#idle.filter((e) => e !== lost);
        void this.#dispose(lost);
      },
    });
    this.#all.add(env);
    return env;
  }

  #release(env: Environment, result: EnvironmentResult): void {
    const reset = result.kind === 'done' && result.reset;
    if (reset || this.#closed || env.state === 'disposed' || env.generation !== this.#generation) {
      void this.#dispose(env);
      return;
    }
    env.state = 'idle';
    this.#idle.push(env);
    // One timer per environment, re-armed when it fires, rather than one per invocation.
    if (!this.#reapTimers.has(env)) this.#armReap(env);
  }

  #armReap(env: Environment, delayMs = this.#options.idleTimeoutMs): void {
    const { clock, idleTimeoutMs } = this.#options;
    const timer = clock.setTimeout(() => {
      this.#reapTimers.delete(env);
      if (env.state === 'disposed') return;
      if (env.state === 'busy') {
        this.#armReap(env);
        return;
      }
      const idleFor = clock.now() - env.lastUsedAt;
      if (idleFor >= idleTimeoutMs) {
        this.#idle = this.#idle.filter((e) => e !== env);
        void this.#dispose(env);
      } else {
        this.#armReap(env, idleTimeoutMs - idleFor);
      }
    }, delayMs);
    this.#reapTimers.set(env, timer);
  }

  #dispose(env: Environment): Promise<void> {
    this.#reapTimers.get(env)?.cancel();
    this.#reapTimers.delete(env);
    this.#all.delete(env);
    return env.dispose();
  }
}
