/**
 * Node 20 cannot run TypeScript, so a `.ts` module is transpiled (types stripped,
 * nothing type-checked) with the `typescript` package into an .mjs under the data
 * folder, named by a hash of its path and text: an edited module gets a new file,
 * an unchanged one is compiled once. `typescript` is imported only when a .ts
 * module is actually used.
 *
 * Relative imports are rewritten to absolute URLs so a .ts module can still import
 * .js, .mjs and .json files beside it. Imports of other .ts files are not
 * supported (each would need compiling too) and are reported as such; bare package
 * imports resolve from the data folder, so only Node built-ins work there.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type ts from 'typescript';

export const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts'];

type Compiled = { url: string } | { problem: string };

/** A relative specifier naming a TypeScript file, directly or the `./x.js` way TypeScript spells it. */
function isTypeScriptImport(target: string): boolean {
  const extension = extname(target);
  if (TYPESCRIPT_EXTENSIONS.includes(extension)) return true;
  const stem = target.slice(0, target.length - extension.length);
  return (extension === '.js' || extension === '.mjs') && !existsSync(target) && TYPESCRIPT_EXTENSIONS.some((tsExtension) => existsSync(stem + tsExtension));
}

function rewriteRelativeImports(typescript: typeof ts, sourceDir: string, problems: string[]): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (file) => {
    const { factory } = context;
    const absolute = (specifier: ts.Expression | undefined): ts.StringLiteral | undefined => {
      if (!specifier || !typescript.isStringLiteral(specifier) || !/^\.\.?\//.test(specifier.text)) return undefined;
      const target = resolve(sourceDir, specifier.text);
      if (isTypeScriptImport(target)) {
        problems.push(`imports between .ts modules are not supported (${JSON.stringify(specifier.text)}): write that file as .js/.mjs, or bundle the module into one file`);
      }
      return factory.createStringLiteral(pathToFileURL(target).href);
    };
    const visit = (node: ts.Node): ts.Node => {
      if (typescript.isImportDeclaration(node)) {
        const specifier = absolute(node.moduleSpecifier);
        if (specifier) return factory.updateImportDeclaration(node, node.modifiers, node.importClause, specifier, node.attributes);
      } else if (typescript.isExportDeclaration(node)) {
        const specifier = absolute(node.moduleSpecifier);
        if (specifier) return factory.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, specifier, node.attributes);
      } else if (typescript.isCallExpression(node) && node.expression.kind === typescript.SyntaxKind.ImportKeyword) {
        const specifier = absolute(node.arguments[0]);
        if (specifier) return factory.updateCallExpression(node, node.expression, node.typeArguments, [specifier, ...node.arguments.slice(1)]);
      }
      return typescript.visitEachChild(node, visit, context);
    };
    return typescript.visitNode(file, visit) as ts.SourceFile;
  };
}

export async function compileTypeScript(sourcePath: string, source: string, dataDir: string): Promise<Compiled> {
  const typescript = (await import('typescript')).default;
  const hash = createHash('sha256').update(`${typescript.version}\0${sourcePath}\0${source}`).digest('hex').slice(0, 16);
  const target = join(dataDir, 'module-cache', `${basename(sourcePath, extname(sourcePath))}-${hash}.mjs`);
  if (existsSync(target)) return { url: pathToFileURL(target).href };

  const problems: string[] = [];
  const output = typescript.transpileModule(source, {
    fileName: sourcePath,
    reportDiagnostics: true,
    compilerOptions: { module: typescript.ModuleKind.ESNext, target: typescript.ScriptTarget.ES2022, sourceMap: false },
    transformers: { after: [rewriteRelativeImports(typescript, dirname(sourcePath), problems)] },
  });
  const syntaxErrors = (output.diagnostics ?? []).map((diagnostic) => {
    const text = typescript.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!diagnostic.file || diagnostic.start === undefined) return text;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${basename(sourcePath)}:${line + 1}:${character + 1}: ${text}`;
  });
  if (syntaxErrors.length > 0) return { problem: `cannot compile ${sourcePath}: ${syntaxErrors.join('; ')}` };
  if (problems.length > 0) return { problem: `cannot compile ${sourcePath}: ${problems.join('; ')}` };

  // Write beside and rename, so a concurrent run never imports half a file.
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, output.outputText);
  await rename(partial, target);
  return { url: pathToFileURL(target).href };
}
