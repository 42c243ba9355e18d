import { mount } from 'svelte';
import App from './App.svelte';
import { installTestHook } from './lib/test-hook';
import './styles.css';

installTestHook(window);
mount(App, { target: document.getElementById('app')! });
