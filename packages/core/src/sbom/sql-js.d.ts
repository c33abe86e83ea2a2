// sql.js with its WebAssembly inlined (bundles into one file); the types are those of 'sql.js'.
declare module 'sql.js/dist/sql-wasm-inline.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
