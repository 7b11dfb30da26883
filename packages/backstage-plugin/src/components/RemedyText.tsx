import { Fragment } from 'react';

/** Text with `backtick` spans shown as code, as the documented remedies are written. */
export function RemedyText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}
