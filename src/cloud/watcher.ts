/**
 * Watches the template and the functions' code folders, and reports changes in batches (a save
 * in an editor fires several events; one reload follows).
 */
import { watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { Logger } from '../core/logger.js';

export interface WatchTargets {
  templatePath: string;
  /** Absolute folders to watch recursively (code dirs, layer dirs). */
  dirs: string[];
}

export interface ChangeBatch {
  templateChanged: boolean;
  /** Absolute paths of changed files outside the template. */
  files: string[];
}

const IGNORED = /(^|[\\/])(\.stratus|\.git|\.aws-sam|\.build)([\\/]|$)/;
const DEBOUNCE_MS = 60;

export class Watcher {
  #watchers: FSWatcher[] = [];
  #pending: ChangeBatch = { templateChanged: false, files: [] };
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChange: (batch: ChangeBatch) => void,
    private readonly logger: Logger,
  ) {}

  /** (Re)starts watching the given targets. */
  watch(targets: WatchTargets): void {
    this.close();
    const templatePath = resolve(targets.templatePath);
    const roots = collapse([dirname(templatePath), ...targets.dirs.map((d) => resolve(d))]);
    for (const root of roots) {
      try {
        const w = watch(root, { recursive: true }, (_event, file) => {
          if (file === null) return;
          const full = join(root, file.toString());
          if (IGNORED.test(full.slice(root.length))) return;
          if (full === templatePath) this.#pending.templateChanged = true;
          else this.#pending.files.push(full);
          this.#schedule();
        });
        w.on('error', (e) => this.logger.debug(`watcher on ${root}: ${e.message}`));
        this.#watchers.push(w);
      } catch (e) {
        this.logger.warn(`cannot watch ${root} for changes: ${(e as Error).message}`);
      }
    }
  }

  close(): void {
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const batch = this.#pending;
      this.#pending = { templateChanged: false, files: [] };
      this.onChange(batch);
    }, DEBOUNCE_MS);
    this.#timer.unref();
  }
}

/** Drops folders already covered by a watched ancestor. */
function collapse(dirs: string[]): string[] {
  const unique = [...new Set(dirs)].sort();
  return unique.filter((d) => !unique.some((other) => other !== d && d.startsWith(other + sep)));
}
