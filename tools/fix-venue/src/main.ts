import { startFixVenue } from './venue';

// Usage: node tools/fix-venue/dist/main.js [port] [senderCompId]
async function main(): Promise<void> {
  const venue = await startFixVenue({
    port: Number(process.argv[2] ?? 9878),
    senderCompId: process.argv[3],
    logLevel: 'warn',
  });
  console.log(`[fix-venue] jspurefix acceptor listening on ${venue.host}:${venue.port}`);
  const shutdown = (): void => {
    void venue.stop().then(() => console.log('[fix-venue] stopped'));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('[fix-venue] failed to start:', error);
  process.exitCode = 1;
});
