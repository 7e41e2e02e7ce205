/**
 * The staff web UI. Built into dist/web, which the Fastify server serves as its static root.
 * `npm run dev:web` serves it with hot reload and forwards /api and /health to a running server.
 */
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = fileURLToPath(new URL('.', import.meta.url))
const server = process.env.CGC_SERVER_URL ?? 'http://127.0.0.1:3000'

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // React itself changes least often: its own chunk stays cached across releases.
        codeSplitting: {
          groups: [{ name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/health': { target: server, changeOrigin: false },
    },
  },
})
