import type { StateFiles } from '../persistence/state-files';

/**
 * Saves one named state file after every change. Saves run one at a time and each writes the
 * snapshot as it is when its turn comes, so the file always ends with the latest state even when
 * changes arrive faster than the disk (two parallel renames could otherwise land out of order).
 */
export class SnapshotSaver {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly files: StateFiles,
    private readonly name: string,
    private readonly snapshot: () => unknown,
  ) {}

  save(): Promise<void> {
    const run = this.queue.then(() => this.files.saveState(this.name, this.snapshot()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Restores the saved snapshot with `restore`, if one was saved; errors name the file. */
  async load(restore: (snapshot: unknown) => void): Promise<void> {
    try {
      const saved = await this.files.loadState(this.name);
      if (saved !== undefined) restore(saved);
    } catch (error) {
      throw new Error(
        `cannot restore ${this.name} from the data dir: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
