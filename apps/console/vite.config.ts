import { defineConfig } from 'vite';

/**
 * The console is served by the gateway at /console (same origin as the API: the session cookie
 * and the CSRF header need no CORS). Vite 8 compiles JSX with oxc itself; @vitejs/plugin-react
 * would only add fast refresh, and its 6.x peer range pulls Babel 8 release candidates.
 */
export default defineConfig({
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      // antd marks its modules "use client" for React Server Components; a client bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender'))
            return 'charts';
          if (id.includes('node_modules/')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/dicomweb': 'http://127.0.0.1:3000' } },
});
