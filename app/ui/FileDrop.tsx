/** Drag and drop a scenario file anywhere on the page; an overlay shows while dragging. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScenarioFile } from './hooks/useScenarioFile';

/** Listens for file drags on the window and loads the dropped file. */
export function FileDrop() {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const openFile = useScenarioFile();
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) void openFile(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, [openFile]);
  if (!over) return null;
  return (
    <div data-testid="drop-overlay" className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-blue-50/85">
      <p className="rounded-xl border-2 border-dashed border-blue-500 bg-white px-8 py-6 text-lg font-semibold text-blue-800">{t('errors.dropHere')}</p>
    </div>
  );
}
