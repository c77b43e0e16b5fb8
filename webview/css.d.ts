/** esbuild loads .css imports as text (scripts/build.mjs); the views inject them with the page's nonce. */
declare module '*.css' {
  const text: string;
  export default text;
}
