/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Go build embeds frontend/dist, which git keeps alive with dist/.gitkeep. Vite empties
// the folder before each build, so the build writes the placeholder back.
function keepDistPlaceholder(): Plugin {
  return {
    name: 'keep-dist-placeholder',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '.gitkeep', source: '' });
    },
  };
}

function testFile(path: string): string {
  return decodeURIComponent(new URL(path, import.meta.url).pathname);
}

// The Go side embeds frontend/dist, and the Wails asset server serves it from its own
// origin, so relative asset URLs work everywhere (dev server, built window, file preview).
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), keepDistPlaceholder()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  resolve:
    mode === 'test'
      ? {
          // Component tests mount Svelte in happy-dom, which needs Svelte's browser build.
          conditions: ['browser'],
          // Tests never load the generated bindings (they call window.go, and may not be
          // generated yet): imports of them land on stand-ins that tests replace with vi.mock.
          alias: [
            { find: /^(?:\.\.?\/)+wailsjs\/go\/app\/App$/, replacement: testFile('src/test/wailsjs/App.ts') },
            { find: /^(?:\.\.?\/)+wailsjs\/runtime\/runtime$/, replacement: testFile('src/test/wailsjs/runtime.ts') },
          ],
        }
      : undefined,
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
  },
}));
