// Deprecation warnings that come from inside Material UI v4, material-table and React Router 6
// (as Backstage renders them), not from this plugin, are dropped so that test output shows what
// matters. Everything else still prints.
const LIBRARY_WARNINGS = [
  /findDOMNode is deprecated/,
  /Support for defaultProps will be removed from (function|memo) components/,
  /React Router Future Flag Warning/,
];

for (const level of ['error', 'warn']) {
  /* eslint-disable no-console -- this wraps console.error and console.warn */
  const original = console[level];
  console[level] = (...args) => {
    const text = typeof args[0] === 'string' ? args[0] : '';
    if (LIBRARY_WARNINGS.some((pattern) => pattern.test(text))) return;
    original(...args);
  };
  /* eslint-enable no-console */
}
