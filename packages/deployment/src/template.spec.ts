import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { engineConfigProblems } from '@truex-mm/quoting-engine';
import { defaultRiskConfig, loadConfig } from './config';
import { engineConfigFrom } from './engine-config';

const ROOT = resolve(__dirname, '../../..');

/** KEY=value lines of a dotenv file (comments and blank lines skipped). */
function parseDotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

describe('the configuration template', () => {
  const env = parseDotenv(readFileSync(join(ROOT, '.env.example'), 'utf8'));

  it('.env.example with config/market-maker.example.json loads, in paper mode, with small limits', () => {
    const config = loadConfig({ ...env, MM_CONFIG_FILE: join(ROOT, env.MM_CONFIG_FILE!) });
    expect(config.mode).toBe('paper');
    expect(engineConfigProblems(engineConfigFrom(config))).toEqual([]);
    // Conservative: every limit of the template is at or below the default.
    for (const key of [
      'maxLongPosition',
      'maxShortPosition',
      'maxOrderSize',
      'maxNotionalExposure',
      'maxLoss',
    ] as const) {
      expect(Number(config.risk[key])).toBeLessThan(Number(defaultRiskConfig[key]));
    }
    expect(config.risk.maxLongPosition).toBe('0.01');
    expect(config.risk.messagesPerSecond).toBeLessThanOrEqual(defaultRiskConfig.messagesPerSecond);
  });

  it('documents every environment variable loadConfig reads, and every key of the JSON template', () => {
    const source = readFileSync(join(__dirname, 'config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect(read.size).toBeGreaterThan(20);
    for (const name of read) expect(Object.keys(env)).toContain(name);

    const template = JSON.parse(readFileSync(join(ROOT, 'config/market-maker.example.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    const doc = readFileSync(join(ROOT, 'config/README.md'), 'utf8');
    for (const section of Object.values(template)) {
      for (const key of Object.keys(section)) expect(doc).toContain(`\`${key}\``);
    }
  });
});
