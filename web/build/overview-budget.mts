import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What the overview may download, JS and CSS together, gzipped (issue #15). */
export const OVERVIEW_BUDGET_BYTES = 300 * 1024;

const OVERVIEW_PAGE = 'features/overview/OverviewPage.tsx';

/**
 * Prints, at the end of `vite build`, the gzipped JS + CSS a browser loads to show the overview:
 * the entry chunk, the overview page's lazy chunk, every chunk they import statically, and their
 * CSS. Over budget it says so loudly (the build still succeeds: the figure is a benchmark).
 */
export function overviewBudget(): Plugin {
  return {
    name: 'overview-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((o) => (o.type === 'chunk' ? [o] : []));
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const entry = chunks.find((c) => c.isEntry);
      const overview = chunks.find((c) => c.facadeModuleId?.endsWith(OVERVIEW_PAGE));
      if (!entry || !overview) {
        this.warn('overview budget: entry or overview chunk not found');
        return;
      }
      const files = new Set<string>();
      const visit = (fileName: string) => {
        if (files.has(fileName)) return;
        const chunk = byName.get(fileName);
        if (!chunk) return;
        files.add(fileName);
        chunk.viteMetadata?.importedCss.forEach((css) => files.add(css));
        chunk.imports.forEach(visit);
      };
      visit(entry.fileName);
      visit(overview.fileName);
      let total = 0;
      for (const f of files) {
        const out = bundle[f]!;
        const source = out.type === 'chunk' ? out.code : out.source;
        total += gzipSync(source, { level: 9 }).length;
      }
      const kb = (total / 1024).toFixed(1);
      const limit = OVERVIEW_BUDGET_BYTES / 1024;
      const line = `overview: ${kb} kB of JS + CSS gzipped in ${files.size} files (budget ${limit} kB)`;
      if (total > OVERVIEW_BUDGET_BYTES) this.warn(`OVER BUDGET: ${line}`);
      else console.log(`\n${line}`);
    },
  };
}
