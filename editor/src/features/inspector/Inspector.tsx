import { useId } from 'react';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import type { JsonSchema } from '../../../../runtime/json-schema.ts';
import { selectCatalog } from '../catalog/node-types.ts';
import { paramIssues } from '../catalog/param-issues.ts';
import { deleteSelection } from '../canvas/clipboard.ts';
import { detailsEdited, nodeRelabelled, paramsCommitted, selectDoc, selectSelectedNode, selectSelection } from '../graph/graphSlice.ts';
import { selectProblemsAreStale, selectValidation } from '../validation/validationSlice.ts';
import { CommitInput, ObjectFields } from './fields.tsx';
import { PARAM_EDITORS } from './param-editors.tsx';

const asText = (v: unknown) => ({ value: v });

function GraphDetails() {
  const dispatch = useAppDispatch();
  const doc = useAppSelector(selectDoc);
  const id = useId();
  return (
    <>
      <h2>Strategy</h2>
      <CommitInput
        id={`${id}-name`}
        label="Name"
        text={doc.name}
        parse={(t) => (t.trim() ? asText(t.trim()) : { error: 'A strategy needs a name.' })}
        onCommit={(v) => dispatch(detailsEdited({ name: String(v) }))}
      />
      <CommitInput
        id={`${id}-description`}
        label="Description"
        multiline
        text={doc.description}
        parse={asText}
        onCommit={(v) => dispatch(detailsEdited({ description: String(v) }))}
      />
      <p className="lf-muted">Select a node to edit its settings.</p>
    </>
  );
}

/** The selected node's settings, as a form built from its type's JSON Schema; each field commits on blur. */
export function Inspector() {
  const dispatch = useAppDispatch();
  const node = useAppSelector(selectSelectedNode);
  const selection = useAppSelector(selectSelection);
  const catalog = useAppSelector(selectCatalog);
  const validation = useAppSelector(selectValidation);
  const stale = useAppSelector(selectProblemsAreStale);
  const id = useId();
  const type = node ? catalog.get(node.type) : undefined;

  let body;
  if (selection.nodes.length > 1) {
    body = (
      <>
        <h2>{selection.nodes.length} nodes selected</h2>
        <button type="button" onClick={() => dispatch(deleteSelection())}>
          Delete them
        </button>
      </>
    );
  } else if (!node) {
    body = <GraphDetails />;
  } else if (!type) {
    body = <p role="alert">This node’s type {node.type} is not in the catalogue; delete it or replace it.</p>;
  } else {
    const errors = new Map<string, string>();
    const nodeProblems: string[] = [];
    for (const issue of paramIssues(type.definition, node.params)) {
      if (!issue.path) nodeProblems.push(issue.message);
      else if (!errors.has(issue.path)) errors.set(issue.path, issue.message);
    }
    if (!stale) for (const p of validation.problems) if (p.nodeId === node.id && p.path && !errors.has(p.path)) errors.set(p.path, p.message);
    const schema = type.params as JsonSchema;
    const commit = (params: unknown) => dispatch(paramsCommitted({ nodeId: node.id, params: params as Record<string, unknown> }));
    const own = PARAM_EDITORS[node.type];
    const ownEditor = own && (
      <own.Editor key={`${node.id}-own`} nodeId={node.id} type={node.type} params={node.params} schema={schema} errors={errors} onCommit={commit} />
    );
    body = (
      <>
        <h2>{type.title}</h2>
        <p className="lf-muted">
          {type.description} <span className="lf-node-id">id {node.id}</span>
        </p>
        <CommitInput
          id={`${id}-label`}
          label="Label on the canvas"
          text={node.label ?? ''}
          parse={asText}
          onCommit={(v) => dispatch(nodeRelabelled({ nodeId: node.id, label: String(v) }))}
        />
        {nodeProblems.length > 0 && (
          <ul className="lf-node-problems" role="alert" aria-label="Problems with this node">
            {nodeProblems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
        <form className="lf-form" onSubmit={(e) => e.preventDefault()} aria-label={`${type.title} settings`}>
          {own?.first && ownEditor}
          <ObjectFields
            key={node.id}
            schema={schema}
            root={schema}
            value={node.params}
            path=""
            errors={errors}
            onCommit={commit}
            {...(own ? { omit: own.owns } : {})}
          />
          {own && !own.first && ownEditor}
        </form>
      </>
    );
  }
  return (
    <aside className="lf-inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
