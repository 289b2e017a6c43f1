import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Small JSON state files in the data dir (groups, sampling rules). Writes go to a temp file that is
 * fsynced and then renamed over the old file, so a crash leaves either the old or the new state.
 */
export class StateFiles {
  private sequence = 0;

  constructor(private readonly dir: string) {}

  async saveState(name: string, value: unknown): Promise<void> {
    const path = this.pathOf(name);
    await mkdir(this.dir, { recursive: true });
    const temp = `${path}.${process.pid}.${this.sequence++}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(JSON.stringify(value));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  }

  /** The saved value, or undefined if never saved. Throws if the file is not valid JSON. */
  async loadState(name: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.pathOf(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`state file ${this.pathOf(name)} is not valid JSON`);
    }
  }

  private pathOf(name: string): string {
    // Names become file names: refuse anything that could leave the data dir.
    if (!NAME.test(name)) throw new Error(`invalid state name: ${JSON.stringify(name)}`);
    return join(this.dir, `${name}.json`);
  }
}
