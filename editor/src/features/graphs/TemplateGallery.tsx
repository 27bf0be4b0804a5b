import { legflowApi, useTemplatesQuery } from '../../api/legflow-api.ts';
import type { TemplateSummary } from '../../api/schemas.ts';
import { TemplatePreview } from './TemplatePreview.tsx';

function TemplateCard({ template, onUse, busy }: { template: TemplateSummary; onUse: (id: string) => void; busy: boolean }) {
  const { data: graph } = legflowApi.useTemplateQuery(template.id);
  return (
    <li className="lf-card">
      <h3>{template.name}</h3>
      {graph ? <TemplatePreview graph={graph} /> : <div className="lf-preview" aria-hidden="true" />}
      <p>{template.description}</p>
      <p className="lf-muted">{template.nodeCount} nodes</p>
      <button type="button" onClick={() => onUse(template.id)} disabled={busy} aria-label={`Start from ${template.name}`}>
        Use this template
      </button>
    </li>
  );
}

/** Every shipped strategy with its description and a preview; using one creates a graph from it. */
export function TemplateGallery({ onUse, busy }: { onUse: (id: string) => void; busy: boolean }) {
  const { data = [], isLoading, error } = useTemplatesQuery();
  return (
    <section aria-labelledby="templates-title">
      <h2 id="templates-title">Start from a template</h2>
      {isLoading && <p>Loading templates…</p>}
      {error && <p role="alert">The templates could not be loaded.</p>}
      <ul className="lf-cards">
        {data.map((t) => (
          <TemplateCard key={t.id} template={t} onUse={onUse} busy={busy} />
        ))}
      </ul>
    </section>
  );
}
