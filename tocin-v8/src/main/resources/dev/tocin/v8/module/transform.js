// Source transforms Tocin runs in its private parser isolate, after acorn.js (MIT, see
// acorn-LICENSE.txt). Each entry point takes source text and returns a JSON string.
// Edits replace text in place and keep every line break, so V8's error positions still point
// at the original source; module and script edits also keep every column.
(function () {
  'use strict';
  var IMPORT_FN = '$tcImp';   // stands in for the 6-character keyword `import` in import(...)
  var IMPORT_META = '$tcMta'; // stands in for `import.meta`, padded with spaces

  function parse(source, sourceType) {
    return acorn.parse(source, {
      ecmaVersion: 'latest', sourceType: sourceType, locations: true, allowHashBang: true,
      allowAwaitOutsideFunction: sourceType === 'repl', allowReturnOutsideFunction: false
    });
  }

  function parseRepl(source) {
    try {
      return acorn.parse(source, {
        ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true
      });
    } catch (moduleError) {
      // Sloppy-mode code (e.g. `with`) is fine in a REPL; it just cannot import.
      return acorn.parse(source, {
        ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: true,
        allowAwaitOutsideFunction: true
      });
    }
  }

  function isNode(value) {
    return value !== null && typeof value === 'object' && typeof value.type === 'string';
  }

  // Visits every node; visit returns false to skip a node's children.
  function walk(node, visit) {
    if (visit(node) === false) return;
    for (var key in node) {
      if (key === 'loc') continue;
      var value = node[key];
      if (Array.isArray(value)) {
        for (var i = 0; i < value.length; i++) if (isNode(value[i])) walk(value[i], visit);
      } else if (isNode(value)) {
        walk(value, visit);
      }
    }
  }

  // `text` followed by the original's line breaks (and spaces for everything else).
  function pad(text, original) {
    var out = text;
    for (var i = text.length; i < original.length; i++) {
      var c = original.charAt(i);
      out += (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') ? c : ' ';
    }
    return out;
  }

  function lineBreaks(original) {
    var out = '';
    for (var i = 0; i < original.length; i++) {
      var c = original.charAt(i);
      if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') out += c;
    }
    return out;
  }

  function applyEdits(source, edits) {
    edits.sort(function (a, b) { return a.start - b.start; });
    var out = '', pos = 0;
    for (var i = 0; i < edits.length; i++) {
      out += source.slice(pos, edits[i].start) + edits[i].text;
      pos = edits[i].end;
    }
    return out + source.slice(pos);
  }

  function attributeType(attributes) {
    if (!attributes) return null;
    for (var i = 0; i < attributes.length; i++) {
      var key = attributes[i].key;
      var name = key.type === 'Identifier' ? key.name : key.value;
      if (name === 'type') return attributes[i].value.value;
    }
    return null;
  }

  function syntaxError(e) {
    // acorn appends "(line:column)" with a 0-based column; the position travels separately, 1-based.
    return JSON.stringify({ error: String(e.message).replace(/ \(\d+:\d+\)$/, ''), line: e.loc ? e.loc.line : 0, column: e.loc ? e.loc.column + 1 : 0 });
  }

  function importEdits(ast, source, edits, allowMeta) {
    var flags = { dynamicImport: false, importMeta: false };
    walk(ast, function (node) {
      if (node.type === 'ImportExpression') {
        // acorn accepts `new import('x').prop`; V8 rejects it, so leave such code untouched.
        if (/\bnew\s*$/.test(source.slice(Math.max(0, node.start - 16), node.start))) {
          throw new SyntaxError('Cannot use new with import');
        }
        edits.push({ start: node.start, end: node.start + 6, text: IMPORT_FN });
        flags.dynamicImport = true;
      } else if (allowMeta && node.type === 'MetaProperty' && node.meta.name === 'import') {
        edits.push({ start: node.start, end: node.end, text: pad(IMPORT_META, source.slice(node.start, node.end)) });
        flags.importMeta = true;
      }
    });
    return flags;
  }

  // Module: import(...) and import.meta become calls into the per-module host module, and the
  // static imports are listed with their attributes and positions.
  globalThis.tocinModuleTransform = function (source) {
    var ast, edits = [], flags;
    try {
      ast = parse(source, 'module');
      flags = importEdits(ast, source, edits, true);
    } catch (e) { return syntaxError(e); }
    var imports = [];
    for (var i = 0; i < ast.body.length; i++) {
      var node = ast.body[i];
      if ((node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration'
          || node.type === 'ExportAllDeclaration') && node.source) {
        imports.push({ specifier: node.source.value, type: attributeType(node.attributes),
          line: node.source.loc.start.line, column: node.source.loc.start.column + 1 });
      }
    }
    walk(ast, function (node) {
      if (node.type === 'ImportExpression' && node.source.type === 'Literal') {
        imports.push({ specifier: String(node.source.value), type: null, dynamic: true,
          line: node.source.loc.start.line, column: node.source.loc.start.column + 1 });
      }
    });
    return JSON.stringify({ code: edits.length ? applyEdits(source, edits) : null,
      dynamicImport: flags.dynamicImport, importMeta: flags.importMeta, imports: imports });
  };

  // Script: import(...) calls the global host function (scripts have no import.meta).
  globalThis.tocinScriptTransform = function (source) {
    var ast, edits = [], flags;
    try {
      ast = parse(source, 'script');
      flags = importEdits(ast, source, edits, false);
    } catch (e) { return syntaxError(e); }
    return JSON.stringify({ code: edits.length ? applyEdits(source, edits) : null, dynamicImport: flags.dynamicImport });
  };

  function patternNames(pattern, names) {
    switch (pattern.type) {
      case 'Identifier': names.push(pattern.name); break;
      case 'ObjectPattern':
        pattern.properties.forEach(function (p) { patternNames(p.type === 'RestElement' ? p.argument : p.value, names); });
        break;
      case 'ArrayPattern': pattern.elements.forEach(function (e) { if (e) patternNames(e, names); }); break;
      case 'RestElement': patternNames(pattern.argument, names); break;
      case 'AssignmentPattern': patternNames(pattern.left, names); break;
    }
    return names;
  }

  function hasTopLevelAwait(ast) {
    var found = false;
    walk(ast, function (node) {
      if (found) return false;
      switch (node.type) {
        case 'FunctionDeclaration': case 'FunctionExpression': case 'ArrowFunctionExpression':
        case 'MethodDefinition': case 'PropertyDefinition': case 'StaticBlock':
          return false;
        case 'AwaitExpression': found = true; return false;
        case 'ForOfStatement': if (node.await) { found = true; return false; }
      }
    });
    return found;
  }

  function str(s) { return JSON.stringify(s); }

  // REPL: imports become bindings from the host's module namespaces, the rest runs as a script
  // whose declarations become globals and whose last expression statement is the result.
  // With top-level await the script is wrapped in an async function that returns that value.
  globalThis.tocinReplTransform = function (source) {
    var ast, edits = [];
    try {
      ast = parseRepl(source);
      importEdits(ast, source, edits, false);
    } catch (e) { return syntaxError(e); }
    var async = hasTopLevelAwait(ast);
    var hoisted = [], functions = [];
    var body = ast.body;
    for (var i = 0; i < body.length; i++) {
      var node = body[i], original = source.slice(node.start, node.end), text = null;
      if (node.type === 'ImportDeclaration') {
        var ns = '$tcNs(' + str(node.source.value) + (attributeType(node.attributes) ? ', ' + str(attributeType(node.attributes)) : '') + ')';
        var parts = [];
        node.specifiers.forEach(function (s) {
          if (s.type === 'ImportNamespaceSpecifier') parts.push(s.local.name + ' = ' + ns);
          else if (s.type === 'ImportDefaultSpecifier') parts.push(s.local.name + ' = ' + ns + '.default');
          else parts.push(s.local.name + ' = ' + ns + '[' + str(s.imported.type === 'Identifier' ? s.imported.name : s.imported.value) + ']');
          hoisted.push(s.local.name);
        });
        text = (parts.length ? (async ? '' : 'var ') + parts.join(', ') : ns) + ';';
        edits.push({ start: node.start, end: node.end, text: text + lineBreaks(original) });
        continue;
      }
      if (node.type.indexOf('Export') === 0) {
        return JSON.stringify({ error: 'export declarations are not allowed in executeCode', line: node.loc.start.line, column: node.loc.start.column + 1 });
      }
      if (node.type === 'VariableDeclaration') {
        if (!async) {
          // let/const would fail when the same code runs twice; var persists and can be redeclared.
          edits.push({ start: node.start, end: node.start + node.kind.length, text: pad('var', node.kind) });
        } else {
          // `const {a} = o;` -> `(     {a} = o);` assigning the hoisted globals.
          node.declarations.forEach(function (d) { patternNames(d.id, hoisted); });
          var last = node.declarations[node.declarations.length - 1];
          edits.push({ start: node.start, end: node.start + node.kind.length, text: pad('(', node.kind) });
          node.declarations.forEach(function (d) {
            if (!d.init) edits.push({ start: d.id.end, end: d.id.end, text: ' = undefined' });
          });
          edits.push({ start: last.end, end: last.end, text: ')' });
        }
      } else if (async && node.type === 'FunctionDeclaration') {
        functions.push(node.id.name);
        hoisted.push(node.id.name);
      } else if (async && node.type === 'ClassDeclaration') {
        hoisted.push(node.id.name);
        edits.push({ start: node.end, end: node.end, text: ';globalThis[' + str(node.id.name) + '] = ' + node.id.name + ';' });
      }
    }
    var lastNode = body.length ? body[body.length - 1] : null;
    if (async && lastNode && lastNode.type === 'ExpressionStatement') {
      edits.push({ start: lastNode.expression.start, end: lastNode.expression.start, text: 'return (' });
      edits.push({ start: lastNode.expression.end, end: lastNode.expression.end, text: ')' });
    }
    var code = applyEdits(source, edits);
    if (async) {
      var prefix = (hoisted.length ? 'var ' + hoisted.join(', ') + '; ' : '') + '(async () => { '
          + functions.map(function (f) { return 'globalThis[' + str(f) + '] = ' + f + '; '; }).join('');
      code = prefix + code + '\n})()';
    }
    return JSON.stringify({ code: code, async: async });
  };
})();
