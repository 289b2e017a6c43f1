import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright cannot download browsers here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium with a throwaway profile; `close()` ends the browser and deletes the profile. */
export class HeadlessChromium {
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  /** Fails (never skips) without Chromium: a browser test that silently does nothing proves nothing. */
  static async launch(): Promise<HeadlessChromium> {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    const profile = mkdtempSync(join(tmpdir(), 'headless-chromium-'));
    try {
      // The profile is launchPersistentContext's first argument: playwright refuses --user-data-dir in args.
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1440, height: 900 },
        deviceScaleFactor: 1,
      });
      return new HeadlessChromium(context, profile);
    } catch (error) {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      rmSync(this.profile, { recursive: true, force: true });
    }
  }
}
