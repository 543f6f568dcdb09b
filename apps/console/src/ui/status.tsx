/**
 * The console's status line: one polite live region (and one assertive for
 * errors) that screen readers announce, shown under the header. Pages
 * report what happened through `useStatus()`.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

interface Status {
  text: string;
  error: boolean;
}

interface StatusApi {
  say(text: string): void;
  fail(text: string): void;
  clear(): void;
}

const STALE_MS = 1500;

const StatusContext = createContext<StatusApi>({ say() {}, fail() {}, clear() {} });

export function useStatus(): StatusApi {
  return useContext(StatusContext);
}

export function StatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>({ text: '', error: false });
  const said = useRef(0);
  const say = useCallback((text: string) => {
    said.current = Date.now();
    setStatus({ text, error: false });
  }, []);
  const fail = useCallback((text: string) => {
    said.current = Date.now();
    setStatus({ text, error: true });
  }, []);
  // A navigation clears what an earlier page said; what was said just before it ("Created …") stays.
  useEffect(() => {
    const onNavigate = () => {
      if (Date.now() - said.current > STALE_MS) setStatus({ text: '', error: false });
    };
    window.addEventListener('hashchange', onNavigate);
    return () => window.removeEventListener('hashchange', onNavigate);
  }, []);
  const clear = useCallback(() => setStatus({ text: '', error: false }), []);
  const api = useMemo(() => ({ say, fail, clear }), [say, fail, clear]);
  return (
    <StatusContext.Provider value={api}>
      <div className="status-line">
        <p
          role="status"
          aria-live="polite"
          className={status.error || !status.text ? 'status-empty' : 'status'}
        >
          {status.error ? '' : status.text}
        </p>
        <p role="alert" className={status.error ? 'status status-error' : 'status-empty'}>
          {status.error ? status.text : ''}
        </p>
      </div>
      {children}
    </StatusContext.Provider>
  );
}
