import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <main className="p-8 text-2xl font-bold text-gray-900">Spendscope</main>
    </StrictMode>,
  );
}
