// Imported first by the tick-to-wire bench: with BENCH_ALLOC_PROFILE=1, source maps are read for every module loaded
// after this one, so allocation sites are reported at their TypeScript lines.
if (process.env.BENCH_ALLOC_PROFILE === '1') process.setSourceMapsEnabled(true);
