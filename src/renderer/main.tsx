import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initBridge } from './bridge/bridge';
import './styles/base.css';
import './styles/controls.css';
import './styles/components.css';
import './styles/charts.css';
import './styles/tabs.css';
import './styles/views.css';
// last: its narrow-window rules override the per-tab layouts
import './styles/layout.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
// the UI's first requests go with the token initBridge settles on (a #token= link's may be checked first)
void initBridge().then(() => createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
));
