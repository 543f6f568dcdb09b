/**
 * A page's heading. It takes the focus when the page is shown, so keyboard
 * and screen-reader users land on the new page's title after a navigation.
 */
import { useEffect, useRef } from 'react';

export function PageTitle({ title, detail }: { title: string; detail?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
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
