/**
 * A page's heading. It takes the focus when the page is shown, so keyboard
 * and screen-reader users land on the new page's title after a navigation
 * or a sign-in — but not on the first page the console loads, where the
 * focus stays at the start of the document (the skip link comes first).
 */
import { useEffect, useRef } from 'react';
import { hasMoved } from '../routes.js';

export function PageTitle({ title, detail }: { title: string; detail?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (hasMoved()) ref.current?.focus();
    document.title = `${title} — OCCI console`;
  }, [title]);
  return (
    <hgroup>
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {detail ? <p className="muted break">{detail}</p> : null}
    </hgroup>
  );
}
