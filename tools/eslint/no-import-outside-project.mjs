// A relative import may not leave its own project: another project is reached through its
// `@cruddur/*` alias (which @nx/enforce-module-boundaries checks), and files outside every
// project (aws/json, bench, ...) are read at run time, not bundled into an app.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const projectRoots = new Map();
/** The nearest folder above `dir` holding a project.json, cached per folder. */
function projectRootOf(dir) {
  if (projectRoots.has(dir)) return projectRoots.get(dir);
  const parent = dirname(dir);
  const root = existsSync(join(dir, 'project.json')) ? dir : parent === dir ? undefined : projectRootOf(parent);
  projectRoots.set(dir, root);
  return root;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Relative imports stay inside the importing project' },
    schema: [],
    messages: {
      outside:
        "'{{source}}' leaves project '{{project}}': import another project by its alias, or read the file at run time",
    },
  },
  create(context) {
    const fileDir = dirname(context.filename);
    const root = projectRootOf(fileDir);
    if (root === undefined) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(fileDir, source);
      const rel = relative(root, target);
      if (rel === '..' || rel.startsWith(`..${sep}`)) {
        context.report({
          node,
          messageId: 'outside',
          data: { source, project: relative(process.cwd(), root) || root },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression.value),
    };
  },
};
