import { createApp } from 'vue'
createApp({ template: '<h1>notes</h1>' }).mount('#app')
