import React from 'react'
import { createRoot } from 'react-dom/client'
createRoot(document.getElementById('root')).render(React.createElement('h1', null, 'spa'))
