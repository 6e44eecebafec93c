// Type-checks and transpiles TypeScript for pytest-agentbench. It never runs the code it compiles.
//
//   node compiler.js <node_modules> --once <request.json>   one request; diagnostics on stdout,
//                                                           exit status 1 when there are errors
//   node compiler.js <node_modules> --server                 JSON lines: a request per stdin line,
//                                                           a reply per stdout line
//
// A request names a work directory and files relative to it:
//   {"id": 1, "dir": "/tmp/w", "roots": ["solution.ts", ...], "emit": ["solution.ts"],
//    "expose": "solution.ts", "files": {"solution.ts": "...source..."}}
// With "files" (the server), the sources come in the request and the emitted JavaScript goes
// back in the reply; without (--once), both are read from and written to the directory. The
// compiler sees nothing but those files and node_modules (the library and @types).
// "expose" gets an `export { ... }` of its top-level names that are not exported yet, so the
// harness and the native tests can import a plain LeetCode-style solution. The reply is
//   {"id": 1, "ok": true|false, "diagnostics": "solution.ts(3,5): error TS2322: ...", "ms": 12,
//    "outputs": {"solution.js": "..."}}
//
// The server keeps the parsed library files (lib.es2023, @types/node) and the previous program
// between requests, so a request only parses and checks the problem's own files.
//
// An analysis request adds "checks": names of stricter options (STRICTER below). The reply then
// has "findings": [{"rule", "code", "line", "message"}] for the exposed file: per option, the
// diagnostics that turning it on adds (rule: the option's name), the program's own errors
// (rule "error") and uses of deprecated declarations (rule "deprecated"). With --once, such a
// request prints the whole reply as JSON.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");

const nodeModules = fs.realpathSync(path.resolve(process.argv[2] || "node_modules"));
const ts = require(path.join(nodeModules, "typescript"));

/** The compiler options every solution is held to (see languages/typescript/runner.py). */
const CONFIG = {
  strict: true,
  target: "es2022",
  module: "commonjs",
  lib: ["es2023"],
  types: ["node"],
  typeRoots: [path.join(nodeModules, "@types")],
  moduleDetection: "force",
  esModuleInterop: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
  noEmitOnError: true,
  inlineSourceMap: true,
  newLine: "lf",
};

const converted = ts.convertCompilerOptionsFromJson(CONFIG, nodeModules);
if (converted.errors.length > 0) {
  process.stderr.write(ts.formatDiagnostics(converted.errors, formatHost(nodeModules)));
  process.exit(2);
}
const OPTIONS = converted.options;

/** Parsed files outside the work directories (lib and @types), kept for the server's life. */
const shared = new Map();
/** The previous program: TypeScript reuses what did not change (module resolutions). */
let previous;

function formatHost(dir) {
  return {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => "\n",
  };
}

function inside(file, dir) {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

function hasModifier(node, kind) {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return (modifiers || []).some((m) => m.kind === kind);
}

function bindingNames(name, out) {
  if (ts.isIdentifier(name)) {
    out.push(name.text);
  } else {
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
    }
  }
}

/** Top-level names of a source file that are declared but not exported by name. */
function unexportedNames(source) {
  const declared = [];
  const exported = new Set();
  for (const stmt of source.statements) {
    if (ts.isExportAssignment(stmt) && stmt.isExportEquals) return [];
    if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause
        && ts.isNamedExports(stmt.exportClause)) {
      for (const el of stmt.exportClause.elements) exported.add(el.name.text);
      continue;
    }
    if (hasModifier(stmt, ts.SyntaxKind.DeclareKeyword)) continue;
    const isExported = hasModifier(stmt, ts.SyntaxKind.ExportKeyword)
      && !hasModifier(stmt, ts.SyntaxKind.DefaultKeyword);
    const names = [];
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) bindingNames(decl.name, names);
    } else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)
                || ts.isEnumDeclaration(stmt) || ts.isInterfaceDeclaration(stmt)
                || ts.isTypeAliasDeclaration(stmt)) && stmt.name) {
      names.push(stmt.name.text);
    } else if (ts.isModuleDeclaration(stmt) && ts.isIdentifier(stmt.name)) {
      names.push(stmt.name.text);
    }
    for (const name of names) (isExported ? exported.add(name) : declared.push(name));
  }
  return [...new Set(declared)].filter((n) => !exported.has(n));
}

function withExports(text, fileName) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false,
    ts.ScriptKind.TS);
  const names = unexportedNames(source);
  return names.length === 0 ? text : `${text}\n;export { ${names.join(", ")} };\n`;
}

/**
 * A compiler host that sees only the work directory (the request's files, or the disk in
 * --once mode) and node_modules (the library and @types): nothing else exists for it.
 */
function makeHost(dir, files, exposed, outputs) {
  const host = ts.createCompilerHost(OPTIONS, true);
  const diskSourceFile = host.getSourceFile.bind(host);
  const visible = (f) => inside(f, nodeModules) || inside(f, dir);
  const own = (f) => (files ? files.get(f) : readOwn(f));
  host.getCurrentDirectory = () => dir;
  host.fileExists = (f) => (inside(f, dir) ? own(f) !== undefined
    : inside(f, nodeModules) && ts.sys.fileExists(f));
  host.readFile = (f) => (inside(f, dir) ? own(f) : visible(f) ? ts.sys.readFile(f) : undefined);
  host.directoryExists = (d) => (d === dir || inside(d, dir)
    ? [...(files ? files.keys() : [])].some((f) => inside(f, d)) || d === dir
    : (d === nodeModules || inside(d, nodeModules)) && ts.sys.directoryExists(d));
  host.getDirectories = (d) => (inside(d, nodeModules) || d === nodeModules
    ? ts.sys.getDirectories(d) : []);
  host.realpath = (f) => f;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!inside(fileName, dir)) {
      if (!visible(fileName)) return undefined;
      let file = shared.get(fileName);
      if (file === undefined) {
        file = diskSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (file !== undefined) shared.set(fileName, file);
      }
      return file;
    }
    let text = own(fileName);
    if (text === undefined) return undefined;
    if (fileName === exposed) text = withExports(text, fileName);
    return ts.createSourceFile(fileName, text, languageVersion, false);
  };
  host.writeFile = (fileName, text) => {
    if (!inside(fileName, dir)) throw new Error(`refusing to write outside the work dir: ${fileName}`);
    if (outputs) outputs[path.relative(dir, fileName)] = text;
    else fs.writeFileSync(fileName, text);
  };
  return host;
}

function readOwn(fileName) {
  try {
    return fs.readFileSync(fileName, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Type-check the request's roots and emit its `emit` files. With `files` (the server), sources
 * come in the request and outputs go back in the reply; without, both are on disk.
 */
function compile(request) {
  const started = performance.now();
  const dir = path.resolve(request.dir);
  const roots = request.roots.map((f) => path.join(dir, f));
  const exposed = request.expose ? path.join(dir, request.expose) : undefined;
  const files = request.files
    ? new Map(Object.entries(request.files).map(([name, text]) => [path.join(dir, name), text]))
    : undefined;
  const outputs = files ? {} : undefined;
  const host = makeHost(dir, files, exposed, outputs);
  const program = ts.createProgram({ rootNames: roots, options: OPTIONS, host,
    oldProgram: previous });
  previous = program;
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const root of roots) {
    const file = program.getSourceFile(root);
    if (file === undefined) {
      diagnostics.push({ category: ts.DiagnosticCategory.Error, code: 6053, file: undefined,
        start: undefined, length: undefined,
        messageText: `File '${path.relative(dir, root)}' not found.` });
    } else if (!file.isDeclarationFile) {
      diagnostics.push(...program.getSyntacticDiagnostics(file));
      diagnostics.push(...program.getSemanticDiagnostics(file));
    }
  }
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) {
    for (const name of request.emit) {
      const result = program.emit(program.getSourceFile(path.join(dir, name)));
      errors.push(...result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error));
    }
  }
  const reply = {
    id: request.id,
    ok: errors.length === 0,
    diagnostics: ts.formatDiagnostics(errors, formatHost(dir)).trim(),
    ms: 0,
  };
  if (outputs && reply.ok) reply.outputs = outputs;
  if (request.checks && exposed !== undefined) {
    reply.findings = stricterFindings(program, roots, host, exposed, request.checks, diagnostics);
  }
  reply.ms = Math.round(performance.now() - started);
  return reply;
}

/** The checks an analysis may add to CONFIG, and the value that turns each on. */
const STRICTER = {
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noImplicitOverride: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  allowUnreachableCode: false,
  allowUnusedLabels: false,
};

function diagnosticKey(d) {
  return `${d.code}:${d.start}:${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
}

function finding(rule, d) {
  const { line } = d.file && d.start !== undefined
    ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1 };
  return { rule, code: d.code, line: line + 1,
    message: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}` };
}

/**
 * An analysis (request.checks names options of STRICTER): the diagnostics that each stricter
 * option adds to the program of the same sources (rule: the option's name), the errors of the
 * program itself (rule "error": type errors an answer hid with a directive the caller removed)
 * and uses of deprecated declarations (rule "deprecated"), all in the exposed file.
 */
function stricterFindings(program, roots, host, file, checks, baseDiagnostics) {
  const own = (d) => d.file !== undefined && d.file.fileName === file;
  const base = baseDiagnostics.filter(own);
  const seen = new Set(base.map(diagnosticKey));
  const out = base.filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => finding("error", d));
  const source = program.getSourceFile(file);
  if (source !== undefined) {
    for (const d of program.getSuggestionDiagnostics(source)) {
      if (d.reportsDeprecated) out.push(finding("deprecated", d));
    }
  }
  let previousCheck = program;
  for (const name of checks) {
    if (!Object.hasOwn(STRICTER, name)) throw new Error(`unknown check ${name}`);
    const options = { ...OPTIONS, [name]: STRICTER[name], noEmit: true };
    const stricter = ts.createProgram({ rootNames: roots, options, host,
      oldProgram: previousCheck });
    previousCheck = stricter;
    const sf = stricter.getSourceFile(file);
    if (sf === undefined) continue;
    for (const d of [...stricter.getSyntacticDiagnostics(sf), ...stricter.getSemanticDiagnostics(sf)]) {
      if (d.category === ts.DiagnosticCategory.Error && !seen.has(diagnosticKey(d))) {
        out.push(finding(name, d));
      }
    }
  }
  return out;
}

function safeCompile(request) {
  try {
    return compile(request);
  } catch (err) {
    previous = undefined;
    const text = err instanceof Error ? err.stack || err.message : String(err);
    return { id: request && request.id, ok: false, crashed: true,
      diagnostics: `internal compiler error: ${text}`, ms: 0 };
  }
}

function main() {
  const mode = process.argv[3];
  if (mode === "--once") {
    const request = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
    const reply = safeCompile(request);
    if (request.checks) {
      process.stdout.write(`${JSON.stringify(reply)}\n`);
      process.exitCode = reply.crashed ? 2 : 0;
      return;
    }
    if (reply.diagnostics) process.stdout.write(`${reply.diagnostics}\n`);
    process.exitCode = reply.ok ? 0 : 1;
    return;
  }
  if (mode !== "--server") {
    process.stderr.write("usage: node compiler.js <node_modules> --once <request.json> | --server\n");
    process.exitCode = 2;
    return;
  }
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ ok: false, crashed: true,
        diagnostics: `bad request: ${err}` })}\n`);
      return;
    }
    process.stdout.write(`${JSON.stringify(safeCompile(request))}\n`);
  });
  lines.on("close", () => process.exit(0));
  process.stdout.write(`${JSON.stringify({ ready: true, version: ts.version })}\n`);
}

main();
